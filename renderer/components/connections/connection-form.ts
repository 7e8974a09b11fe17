/**
 * The connection form's state and its translation to the API's settings: fields the chosen
 * security protocol does not use are left out, and on an edit a blank password or key means
 * "keep the saved one". The schema registry group is sent only with a URL.
 */
import type {
  ConnectionSettingsInput,
  PemSource,
  SavedConnection,
} from '../../../host/api/schemas/connections.js';

export type SecurityProtocol = 'PLAINTEXT' | 'SASL_PLAINTEXT' | 'SSL' | 'SASL_SSL';
export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
export type PemMode = 'pem' | 'file';

export interface ConnectionForm {
  name: string;
  bootstrap: string;
  securityProtocol: SecurityProtocol;
  mechanism: SaslMechanism;
  username: string;
  password: string;
  /** system: the system's CAs. */
  caMode: 'system' | PemMode;
  caPem: string;
  caPath: string;
  clientCertificate: boolean;
  certMode: PemMode;
  certPem: string;
  certPath: string;
  keyMode: PemMode;
  keyPem: string;
  keyPath: string;
  keyPassword: string;
  verifyHostname: boolean;
  clientId: string;
  /** The cluster's schema registry; blank: none. */
  registryUrl: string;
  /** Basic auth user; blank: none. */
  registryUsername: string;
  registryPassword: string;
  registryCaMode: 'system' | PemMode;
  registryCaPem: string;
  registryCaPath: string;
  saveSecretsToFile: boolean;
}

export function emptyForm(): ConnectionForm {
  return {
    name: '',
    bootstrap: '',
    securityProtocol: 'PLAINTEXT',
    mechanism: 'SCRAM-SHA-512',
    username: '',
    password: '',
    caMode: 'system',
    caPem: '',
    caPath: '',
    clientCertificate: false,
    certMode: 'file',
    certPem: '',
    certPath: '',
    keyMode: 'file',
    keyPem: '',
    keyPath: '',
    keyPassword: '',
    verifyHostname: true,
    clientId: '',
    registryUrl: '',
    registryUsername: '',
    registryPassword: '',
    registryCaMode: 'system',
    registryCaPem: '',
    registryCaPath: '',
    saveSecretsToFile: false,
  };
}

export const usesSasl = (p: SecurityProtocol): boolean => p.startsWith('SASL');
export const usesTls = (p: SecurityProtocol): boolean => p.endsWith('SSL');

function pem(mode: PemMode, text: string, path: string): PemSource {
  return mode === 'pem' ? { kind: 'pem', pem: text } : { kind: 'file', path: path.trim() };
}

/** The settings to send; `editing`: blank secrets keep the saved ones. */
export function toSettings(form: ConnectionForm, editing: boolean): ConnectionSettingsInput {
  const settings: ConnectionSettingsInput = {
    name: form.name.trim(),
    bootstrap: form.bootstrap.trim(),
    securityProtocol: form.securityProtocol,
    saveSecretsToFile: form.saveSecretsToFile,
  };
  if (form.clientId.trim()) settings.clientId = form.clientId.trim();
  if (usesSasl(form.securityProtocol)) {
    settings.sasl = { mechanism: form.mechanism, username: form.username.trim() };
    if (form.password !== '' || !editing) settings.sasl.password = form.password;
  }
  if (usesTls(form.securityProtocol)) {
    const tls: NonNullable<ConnectionSettingsInput['tls']> = { verifyHostname: form.verifyHostname };
    if (form.caMode !== 'system') tls.ca = pem(form.caMode, form.caPem, form.caPath);
    if (form.clientCertificate) {
      tls.certificate = pem(form.certMode, form.certPem, form.certPath);
      tls.key =
        form.keyMode === 'file'
          ? { kind: 'file', path: form.keyPath.trim() }
          : form.keyPem === '' && editing
            ? { kind: 'pem' }
            : { kind: 'pem', pem: form.keyPem };
      if (form.keyPassword !== '' || !editing) tls.keyPassword = form.keyPassword;
    }
    settings.tls = tls;
  }
  if (form.registryUrl.trim()) {
    const registry: NonNullable<ConnectionSettingsInput['schemaRegistry']> = { url: form.registryUrl.trim() };
    if (form.registryUsername.trim()) {
      registry.username = form.registryUsername.trim();
      if (form.registryPassword !== '' || !editing) registry.password = form.registryPassword;
    }
    if (form.registryCaMode !== 'system')
      registry.ca = pem(form.registryCaMode, form.registryCaPem, form.registryCaPath);
    settings.schemaRegistry = registry;
  }
  return settings;
}

/** The form for editing a saved connection (its secrets blank: kept unless typed again). */
export function fromSaved(saved: SavedConnection): ConnectionForm {
  const form = emptyForm();
  form.name = saved.name;
  form.bootstrap = saved.bootstrap;
  form.securityProtocol = saved.securityProtocol;
  form.clientId = saved.clientId ?? '';
  form.saveSecretsToFile = saved.secrets.mode === 'file';
  if (saved.sasl) {
    form.mechanism = saved.sasl.mechanism;
    form.username = saved.sasl.username;
  }
  const tls = saved.tls;
  if (tls) {
    form.verifyHostname = tls.verifyHostname;
    if (tls.ca) {
      form.caMode = tls.ca.kind;
      if (tls.ca.kind === 'pem') form.caPem = tls.ca.pem;
      else form.caPath = tls.ca.path;
    }
    if (tls.certificate) {
      form.clientCertificate = true;
      form.certMode = tls.certificate.kind;
      if (tls.certificate.kind === 'pem') form.certPem = tls.certificate.pem;
      else form.certPath = tls.certificate.path;
    }
    if (tls.key) {
      form.keyMode = tls.key.kind;
      if (tls.key.kind === 'file') form.keyPath = tls.key.path;
    }
  }
  const registry = saved.schemaRegistry;
  if (registry) {
    form.registryUrl = registry.url;
    form.registryUsername = registry.username ?? '';
    if (registry.ca) {
      form.registryCaMode = registry.ca.kind;
      if (registry.ca.kind === 'pem') form.registryCaPem = registry.ca.pem;
      else form.registryCaPath = registry.ca.path;
    }
  }
  return form;
}
