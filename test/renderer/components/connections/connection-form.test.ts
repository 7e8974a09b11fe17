import { describe, expect, it } from 'vitest';
import { connectionSettingsSchema } from '../../../../host/api/schemas/connections.js';
import {
  emptyForm,
  fromSaved,
  toSettings,
  type ConnectionForm,
} from '../../../../renderer/components/connections/connection-form.js';

const form = (change: Partial<ConnectionForm>): ConnectionForm => ({
  ...emptyForm(),
  name: ' Prod ',
  bootstrap: 'k1:9093, k2:9093',
  ...change,
});

describe('the connection form', () => {
  it('sends only the fields the security protocol uses', () => {
    const filled = {
      username: 'app',
      password: 'pw',
      caMode: 'file' as const,
      caPath: '/ca.pem',
      clientId: 'console',
    };
    expect(toSettings(form({ ...filled, securityProtocol: 'PLAINTEXT' }), false)).toEqual({
      name: 'Prod',
      bootstrap: 'k1:9093, k2:9093',
      securityProtocol: 'PLAINTEXT',
      saveSecretsToFile: false,
      clientId: 'console',
    });
    const saslSsl = toSettings(form({ ...filled, securityProtocol: 'SASL_SSL' }), false);
    expect(saslSsl).toMatchObject({
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'app', password: 'pw' },
      tls: { ca: { kind: 'file', path: '/ca.pem' }, verifyHostname: true },
    });
    // What the form sends is what the API accepts.
    expect(connectionSettingsSchema.safeParse(saslSsl).success).toBe(true);
    expect(toSettings(form({ ...filled, securityProtocol: 'SSL' }), false)).not.toHaveProperty('sasl');
  });

  it('on an edit, leaves blank secrets out so the saved ones are kept', () => {
    const edit = toSettings(
      form({
        securityProtocol: 'SASL_SSL',
        username: 'app',
        clientCertificate: true,
        certMode: 'pem',
        certPem: '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----',
        keyMode: 'pem',
      }),
      true,
    );
    expect(edit.sasl).toEqual({ mechanism: 'SCRAM-SHA-512', username: 'app' });
    expect(edit.tls?.key).toEqual({ kind: 'pem' });
    expect(edit.tls).not.toHaveProperty('keyPassword');
    expect(connectionSettingsSchema.safeParse(edit).success).toBe(true);
  });

  it('fills the edit form from a saved connection, secrets blank', () => {
    const filled = fromSaved({
      id: 'prod',
      name: 'Prod',
      bootstrap: 'k1:9093',
      securityProtocol: 'SASL_SSL',
      sasl: { mechanism: 'PLAIN', username: 'app' },
      tls: {
        ca: { kind: 'pem', pem: '-----BEGIN CERTIFICATE-----' },
        certificate: null,
        key: null,
        verifyHostname: false,
      },
      clientId: null,
      schemaRegistry: null,
      secrets: { mode: 'file', missing: [] },
    });
    expect(filled).toMatchObject({
      mechanism: 'PLAIN',
      username: 'app',
      password: '',
      caMode: 'pem',
      caPem: '-----BEGIN CERTIFICATE-----',
      verifyHostname: false,
      clientCertificate: false,
      saveSecretsToFile: true,
    });
  });

  it('sends the schema registry group only with a URL, and keeps its saved password on an edit', () => {
    expect(toSettings({ ...emptyForm(), name: 'a', bootstrap: 'k:9092' }, false)).not.toHaveProperty(
      'schemaRegistry',
    );
    const form = {
      ...emptyForm(),
      name: 'a',
      bootstrap: 'k:9092',
      registryUrl: ' https://apicurio:8080/apis/ccompat/v7 ',
      registryUsername: 'reader',
      registryCaMode: 'file' as const,
      registryCaPath: '/etc/ca.pem',
    };
    const edit = toSettings(form, true);
    expect(edit.schemaRegistry).toEqual({
      url: 'https://apicurio:8080/apis/ccompat/v7',
      username: 'reader',
      ca: { kind: 'file', path: '/etc/ca.pem' },
    });
    expect(connectionSettingsSchema.safeParse(edit).success).toBe(true);
    expect(toSettings({ ...form, registryPassword: 's3cret' }, false).schemaRegistry?.password).toBe(
      's3cret',
    );
    const filled = fromSaved({
      id: 'a',
      name: 'a',
      bootstrap: 'k:9092',
      securityProtocol: 'PLAINTEXT',
      sasl: null,
      tls: null,
      clientId: null,
      schemaRegistry: { url: 'https://r', username: 'reader', ca: null },
      secrets: { mode: 'memory', missing: [] },
    });
    expect(filled).toMatchObject({
      registryUrl: 'https://r',
      registryUsername: 'reader',
      registryCaMode: 'system',
    });
  });
});
