/**
 * Security for the peer's client listener (issue 14's remote-cluster tests): SASL PLAIN and
 * SCRAM-SHA-256/512 users, and TLS with a certificate authority and a server certificate made at
 * test time with openssl and keytool into a temp folder. PLAIN users live in the listener's JAAS
 * config; SCRAM users are written into the metadata log at format time (StorageTool --add-scram).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOk } from '../process.js';

export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

export interface SaslUser {
  readonly username: string;
  readonly password: string;
}

export interface ClientListenerSecurity {
  /** SASL on the client listener with these mechanisms and users. */
  readonly sasl?: { readonly mechanisms: readonly SaslMechanism[]; readonly users: readonly SaslUser[] };
  /** TLS on the client listener, with a CA and server certificate made for this peer. */
  readonly tls?: boolean;
  /**
   * The only name the listener's certificate holds (default: localhost and 127.0.0.1), signed by
   * the same CA: a certificate for another host, to test the client's host name check.
   */
  readonly certificateHost?: string;
}

export type SecurityProtocol = 'PLAINTEXT' | 'SASL_PLAINTEXT' | 'SSL' | 'SASL_SSL';

export function securityProtocol(security: ClientListenerSecurity | undefined): SecurityProtocol {
  if (security?.sasl && security.tls) return 'SASL_SSL';
  if (security?.sasl) return 'SASL_PLAINTEXT';
  if (security?.tls) return 'SSL';
  return 'PLAINTEXT';
}

/** A test CA and a server certificate for localhost / 127.0.0.1, as PEM and as PKCS12. */
export interface TlsMaterial {
  readonly dir: string;
  /** Password of every keystore and truststore below. */
  readonly password: string;
  readonly caPem: string;
  readonly caKey: string;
  readonly serverPem: string;
  readonly serverKey: string;
  /** The server's key and chain, for the broker's keystore. */
  readonly serverP12: string;
  /** The CA alone, for clients that take a Java truststore. */
  readonly truststoreP12: string;
}

const password = 'brokerlab-test';

/** Makes a CA and a server certificate signed by it, valid for two days, in `dir`. */
export async function makeTlsMaterial(dir: string, commonName = 'Brokerlab Test CA'): Promise<TlsMaterial> {
  const file = (name: string) => join(dir, name);
  const m: TlsMaterial = {
    dir,
    password,
    caPem: file('ca.pem'),
    caKey: file('ca.key'),
    serverPem: file('server.pem'),
    serverKey: file('server.key'),
    serverP12: file('server.p12'),
    truststoreP12: file('truststore.p12'),
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(file('server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  await runOk('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    m.caKey,
    '-out',
    m.caPem,
    '-days',
    '2',
    '-subj',
    `/CN=${commonName}`,
  ]);
  await runOk('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    m.serverKey,
    '-out',
    file('server.csr'),
    '-subj',
    '/CN=localhost',
  ]);
  await runOk('openssl', [
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    m.caPem,
    '-CAkey',
    m.caKey,
    '-CAcreateserial',
    '-out',
    m.serverPem,
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
  ]);
  await runOk('openssl', [
    'pkcs12',
    '-export',
    '-in',
    m.serverPem,
    '-inkey',
    m.serverKey,
    '-certfile',
    m.caPem,
    '-name',
    'kafka',
    '-out',
    m.serverP12,
    '-passout',
    `pass:${password}`,
  ]);
  await runOk('keytool', [
    '-importcert',
    '-noprompt',
    '-alias',
    'ca',
    '-file',
    m.caPem,
    '-keystore',
    m.truststoreP12,
    '-storetype',
    'PKCS12',
    '-storepass',
    password,
  ]);
  return m;
}

const loginModules: Record<SaslMechanism, (users: readonly SaslUser[]) => string> = {
  PLAIN: (users) =>
    `org.apache.kafka.common.security.plain.PlainLoginModule required ${users
      .map((u) => `user_${u.username}="${u.password}"`)
      .join(' ')};`,
  'SCRAM-SHA-256': () => 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
  'SCRAM-SHA-512': () => 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
};

/** A PKCS12 keystore with a server certificate for `host` only, signed by the material's CA. */
export async function makeServerKeystore(m: TlsMaterial, host: string): Promise<string> {
  const file = (name: string) => join(m.dir, `${host}.${name}`);
  writeFileSync(file('ext'), `subjectAltName=DNS:${host}\n`);
  await runOk('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('key'),
    '-out',
    file('csr'),
    '-subj',
    `/CN=${host}`,
  ]);
  await runOk('openssl', [
    'x509',
    '-req',
    '-in',
    file('csr'),
    '-CA',
    m.caPem,
    '-CAkey',
    m.caKey,
    '-CAcreateserial',
    '-out',
    file('pem'),
    '-days',
    '2',
    '-extfile',
    file('ext'),
  ]);
  await runOk('openssl', [
    'pkcs12',
    '-export',
    '-in',
    file('pem'),
    '-inkey',
    file('key'),
    '-certfile',
    m.caPem,
    '-name',
    'kafka',
    '-out',
    file('p12'),
    '-passout',
    `pass:${m.password}`,
  ]);
  return file('p12');
}

/**
 * server.properties lines that secure a client listener (CLIENT unless named). `keystore` replaces
 * the material's server keystore (see makeServerKeystore).
 */
export function clientListenerProperties(
  security: ClientListenerSecurity | undefined,
  tls: TlsMaterial | undefined,
  listener = 'CLIENT',
  keystore = tls?.serverP12,
): Record<string, string> {
  const props: Record<string, string> = {};
  const prefix = `listener.name.${listener.toLowerCase()}`;
  if (security?.sasl) {
    props[`${prefix}.sasl.enabled.mechanisms`] = security.sasl.mechanisms.join(',');
    for (const mechanism of security.sasl.mechanisms) {
      props[`${prefix}.${mechanism.toLowerCase()}.sasl.jaas.config`] = loginModules[mechanism](
        security.sasl.users,
      );
    }
  }
  if (tls && security?.tls) {
    props[`${prefix}.ssl.keystore.type`] = 'PKCS12';
    props[`${prefix}.ssl.keystore.location`] = keystore!;
    props[`${prefix}.ssl.keystore.password`] = tls.password;
    props[`${prefix}.ssl.key.password`] = tls.password;
  }
  return props;
}

/**
 * StorageTool format arguments that create the SCRAM users of every listener in the metadata log
 * (SCRAM credentials are cluster-wide, so a user named on two listeners is added once).
 */
export function scramFormatArguments(securities: readonly (ClientListenerSecurity | undefined)[]): string[] {
  const entries = new Set<string>();
  for (const sasl of securities.map((s) => s?.sasl)) {
    if (!sasl) continue;
    for (const mechanism of sasl.mechanisms.filter((m) => m !== 'PLAIN')) {
      for (const u of sasl.users) entries.add(`${mechanism}=[name="${u.username}",password="${u.password}"]`);
    }
  }
  return [...entries].flatMap((entry) => ['--add-scram', entry]);
}
