/**
 * A saved connection as Kafka client properties (the names kafka-client/config.ts reads), so the
 * console, its test and the CLI's `--connection NAME` all reach a cluster through one mapping.
 * A secret the settings do not hold may come from an environment variable named for the
 * connection (secretEnvName); if neither has it, the error says which variable to set.
 */
import type { ClientProperties } from '../kafka-client/config.js';
import type { StoredConnection } from './connection-file.js';
import { secretEnvName, secretLabels, type ConnectionSecrets, type SecretName } from './secrets.js';

/** The secrets a connection cannot work without (a key password is optional: keys may be unencrypted). */
export function requiredSecrets(connection: StoredConnection): SecretName[] {
  const needed: SecretName[] = [];
  if (connection.sasl) needed.push('password');
  if (connection.tls?.key?.kind === 'pem') needed.push('key');
  if (connection.schemaRegistry?.username) needed.push('registryPassword');
  return needed;
}

export class MissingSecretError extends Error {
  override readonly name = 'MissingSecretError';
}

/** Fills what `secrets` lacks from the environment; throws MissingSecretError naming the variable. */
export function withEnvSecrets(
  connection: StoredConnection,
  secrets: ConnectionSecrets,
  env: NodeJS.ProcessEnv,
  where: string,
): ConnectionSecrets {
  const out: { -readonly [K in SecretName]?: string } = { ...secrets };
  for (const name of ['password', 'key', 'keyPassword'] as const) {
    if (out[name] !== undefined) continue;
    const fromEnv = env[secretEnvName(connection.name, name)];
    if (fromEnv !== undefined) out[name] = fromEnv;
  }
  const missing = requiredSecrets(connection).filter((name) => out[name] === undefined);
  if (missing.length > 0) {
    const what = missing.map((name) => secretLabels[name]).join(' and ');
    const vars = missing.map((name) => secretEnvName(connection.name, name)).join(' and ');
    throw new MissingSecretError(
      `connection "${connection.name}" has no ${what} ${where}: enter ${missing.length === 1 ? 'it' : 'them'} again in the console, or set ${vars}`,
    );
  }
  return out;
}

export function connectionProperties(
  connection: StoredConnection,
  secrets: ConnectionSecrets,
): ClientProperties {
  const props: Record<string, string> = { 'security.protocol': connection.securityProtocol };
  if (connection.clientId) props['client.id'] = connection.clientId;
  if (connection.sasl) {
    props['sasl.mechanism'] = connection.sasl.mechanism;
    props['sasl.username'] = connection.sasl.username;
    if (secrets.password !== undefined) props['sasl.password'] = secrets.password;
  }
  const tls = connection.tls;
  if (tls) {
    if (tls.ca?.kind === 'pem') props['ssl.truststore.certificates'] = tls.ca.pem;
    if (tls.ca?.kind === 'file') props['ssl.ca.location'] = tls.ca.path;
    if (tls.certificate?.kind === 'pem') props['ssl.keystore.certificate.chain'] = tls.certificate.pem;
    if (tls.certificate?.kind === 'file') props['ssl.certificate.location'] = tls.certificate.path;
    if (tls.key?.kind === 'pem' && secrets.key !== undefined) props['ssl.keystore.key'] = secrets.key;
    if (tls.key?.kind === 'file') props['ssl.key.location'] = tls.key.path;
    if (secrets.keyPassword) props['ssl.key.password'] = secrets.keyPassword;
    props['ssl.endpoint.identification.algorithm'] = tls.verifyHostname ? 'https' : '';
  }
  return props;
}
