import { describe, expect, it } from 'vitest';
import {
  connectionProperties,
  MissingSecretError,
  withEnvSecrets,
} from '../../../host/connections/client-properties.js';
import type { StoredConnection } from '../../../host/connections/connection-file.js';
import { secretEnvName } from '../../../host/connections/secrets.js';
import { clientOptions } from '../../../host/kafka-client/config.js';

const cert = '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----\n';
const key = '-----BEGIN PRIVATE KEY-----\nBB\n-----END PRIVATE KEY-----\n';
const mtls: StoredConnection = {
  id: 'prod',
  name: 'Prod EU-1',
  bootstrap: 'k1:9093',
  securityProtocol: 'SASL_SSL',
  sasl: { mechanism: 'SCRAM-SHA-256', username: 'app' },
  tls: {
    ca: { kind: 'pem', pem: cert },
    certificate: { kind: 'pem', pem: cert },
    key: { kind: 'pem' },
    verifyHostname: false,
  },
  clientId: 'console',
  secrets: { mode: 'memory' },
};

describe('a saved connection as Kafka client properties', () => {
  it('maps every setting to the client options the console connects with', () => {
    const props = connectionProperties(mtls, { password: 'pw', key, keyPassword: 'kp' });
    expect(clientOptions(mtls.bootstrap, props, {})).toEqual({
      bootstrap: 'k1:9093',
      clientId: 'console',
      sasl: { mechanism: 'SCRAM-SHA-256', username: 'app', password: 'pw' },
      tls: { ca: cert, cert, key, passphrase: 'kp', verifyHostname: false },
    });
  });

  it('reads files named by path, and checks host names unless told not to', () => {
    const props = connectionProperties(
      {
        ...mtls,
        securityProtocol: 'SSL',
        sasl: null,
        tls: {
          ca: { kind: 'file', path: '/etc/ca.pem' },
          certificate: { kind: 'file', path: '/etc/client.pem' },
          key: { kind: 'file', path: '/etc/client.key' },
          verifyHostname: true,
        },
      },
      {},
    );
    expect(props).toEqual({
      'security.protocol': 'SSL',
      'client.id': 'console',
      'ssl.ca.location': '/etc/ca.pem',
      'ssl.certificate.location': '/etc/client.pem',
      'ssl.key.location': '/etc/client.key',
      'ssl.endpoint.identification.algorithm': 'https',
    });
  });

  it('takes missing secrets from variables named for the connection, or names them', () => {
    expect(secretEnvName('Prod EU-1', 'password')).toBe('BROKERLAB_PROD_EU_1_PASSWORD');
    expect(secretEnvName('Prod EU-1', 'keyPassword')).toBe('BROKERLAB_PROD_EU_1_KEY_PASSWORD');
    const env = { BROKERLAB_PROD_EU_1_PASSWORD: 'from-env', BROKERLAB_PROD_EU_1_KEY: key };
    expect(withEnvSecrets(mtls, {}, env, 'saved')).toEqual({ password: 'from-env', key });
    expect(withEnvSecrets(mtls, { password: 'kept' }, env, 'saved').password).toBe('kept');
    expect(() => withEnvSecrets(mtls, {}, {}, 'saved')).toThrow(
      new MissingSecretError(
        'connection "Prod EU-1" has no SASL password and private key saved: enter them again in the console, ' +
          'or set BROKERLAB_PROD_EU_1_PASSWORD and BROKERLAB_PROD_EU_1_KEY',
      ),
    );
  });
});
