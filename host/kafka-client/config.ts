/**
 * Kafka client properties, as users already write them for Kafka's own tools and for
 * librdkafka, turned into KafkaClientOptions. Recognised:
 *
 *   security.protocol                    PLAINTEXT | SSL | SASL_PLAINTEXT | SASL_SSL
 *   sasl.mechanism                       PLAIN | SCRAM-SHA-256 | SCRAM-SHA-512
 *   sasl.jaas.config                     ...LoginModule required username="u" password="p";
 *   sasl.username, sasl.password         (librdkafka's names)
 *   ssl.truststore.location (+ .type=PEM), ssl.truststore.certificates, ssl.ca.location
 *   ssl.keystore.location (+ .type=PEM), ssl.keystore.certificate.chain, ssl.keystore.key,
 *   ssl.certificate.location, ssl.key.location, ssl.key.password
 *   ssl.endpoint.identification.algorithm  https (default) | empty: no host name check
 *   client.id, request.timeout.ms, socket.connection.setup.timeout.ms
 *
 * Any value may name an environment variable as `${env:NAME}` (Kafka's EnvVarConfigProvider
 * syntax), so a password need not sit in a file or on a command line. Other properties are
 * ignored (producer and consumer settings the same file often holds).
 */
import { readFileSync } from 'node:fs';
import type { KafkaClientOptions } from './client.js';
import { saslMechanisms, type SaslMechanism } from './sasl.js';
import type { TlsOptions } from './socket.js';

export type ClientProperties = Readonly<Record<string, string>>;

export class ClientConfigError extends Error {
  override readonly name = 'ClientConfigError';
}

/** Parses a Java properties file's text: `key=value` or `key: value`, `#`/`!` comments, `\` line continuations. */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trimStart();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length)
      line = line.slice(0, -1) + lines[++i]!.trimStart();
    const match = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$/.exec(line);
    const key = unescape(match ? match[1]! : line);
    out[key] = match ? unescape(match[2]!) : '';
  }
  return out;
}

function unescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
    if (c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[c] ?? c;
  });
}

/** Replaces `${env:NAME}` with the variable's value; refuses unset variables by name. */
export function resolveEnv(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const found = env[name];
    if (found === undefined) throw new ClientConfigError(`environment variable ${name} is not set`);
    return found;
  });
}

function jaasOption(jaas: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s;]+))`).exec(jaas);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ClientConfigError(
      `cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

function positiveInt(props: ClientProperties, key: string): number | undefined {
  const value = props[key];
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new ClientConfigError(`${key} must be a positive whole number, not "${value}"`);
  return n;
}

function tlsFrom(props: ClientProperties): TlsOptions {
  const tls: { -readonly [K in keyof TlsOptions]: TlsOptions[K] } = {};
  const truststoreType = (props['ssl.truststore.type'] ?? 'PEM').toUpperCase();
  if (props['ssl.truststore.certificates']) tls.ca = props['ssl.truststore.certificates'];
  else if (props['ssl.ca.location']) tls.ca = readPem(props['ssl.ca.location'], 'CA file');
  else if (props['ssl.truststore.location']) {
    if (truststoreType !== 'PEM') {
      throw new ClientConfigError(
        `ssl.truststore.type ${truststoreType} is not supported: give the CA as PEM (ssl.truststore.type=PEM), ` +
          'e.g. exported with `keytool -exportcert -rfc`',
      );
    }
    tls.ca = readPem(props['ssl.truststore.location'], 'truststore');
  }
  const keystoreType = (props['ssl.keystore.type'] ?? 'PEM').toUpperCase();
  if (props['ssl.keystore.certificate.chain']) tls.cert = props['ssl.keystore.certificate.chain'];
  if (props['ssl.keystore.key']) tls.key = props['ssl.keystore.key'];
  if (props['ssl.keystore.location']) {
    if (keystoreType !== 'PEM') {
      throw new ClientConfigError(
        `ssl.keystore.type ${keystoreType} is not supported: give the key and certificate as PEM`,
      );
    }
    // A PEM keystore holds the private key and the certificate chain in one file.
    const pem = readPem(props['ssl.keystore.location'], 'keystore');
    tls.cert = pem;
    tls.key = pem;
  }
  if (props['ssl.certificate.location'])
    tls.cert = readPem(props['ssl.certificate.location'], 'client certificate');
  if (props['ssl.key.location']) tls.key = readPem(props['ssl.key.location'], 'client key');
  const passphrase = props['ssl.key.password'] ?? props['ssl.keystore.password'];
  if (passphrase) tls.passphrase = passphrase;
  const algorithm = props['ssl.endpoint.identification.algorithm'];
  if (algorithm !== undefined) {
    if (algorithm !== '' && algorithm.toLowerCase() !== 'https' && algorithm.toLowerCase() !== 'none') {
      throw new ClientConfigError(
        `ssl.endpoint.identification.algorithm is "https" or empty, not "${algorithm}"`,
      );
    }
    tls.verifyHostname = algorithm.toLowerCase() === 'https';
  }
  return tls;
}

/** The client options for a bootstrap list and client properties (values may use `${env:NAME}`). */
export function clientOptions(
  bootstrap: string,
  properties: ClientProperties,
  env: NodeJS.ProcessEnv,
): KafkaClientOptions {
  const props: Record<string, string> = {};
  // sasl.jaas.config is resolved after its options are read, so a secret may hold any character.
  for (const [key, value] of Object.entries(properties)) {
    props[key] = key === 'sasl.jaas.config' ? value : resolveEnv(value, env);
  }
  const protocol = (props['security.protocol'] ?? 'PLAINTEXT').toUpperCase();
  if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw new ClientConfigError(
      `security.protocol is PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, not "${props['security.protocol']}"`,
    );
  }
  const options: { -readonly [K in keyof KafkaClientOptions]: KafkaClientOptions[K] } = { bootstrap };
  if (props['client.id']) options.clientId = props['client.id'];
  const requestTimeout = positiveInt(props, 'request.timeout.ms');
  if (requestTimeout !== undefined) options.requestTimeoutMs = requestTimeout;
  const connectTimeout = positiveInt(props, 'socket.connection.setup.timeout.ms');
  if (connectTimeout !== undefined) options.connectTimeoutMs = connectTimeout;
  if (protocol.endsWith('SSL')) options.tls = tlsFrom(props);
  if (protocol.startsWith('SASL')) {
    const mechanism = (props['sasl.mechanism'] ?? 'PLAIN').toUpperCase() as SaslMechanism;
    if (!saslMechanisms.includes(mechanism)) {
      throw new ClientConfigError(
        `sasl.mechanism is one of ${saslMechanisms.join(', ')}, not "${props['sasl.mechanism']}"`,
      );
    }
    const jaas = props['sasl.jaas.config'] ?? '';
    const fromJaas = (name: string): string | undefined => {
      const value = jaasOption(jaas, name);
      return value === undefined ? undefined : resolveEnv(value, env);
    };
    const username = props['sasl.username'] ?? fromJaas('username');
    const password = props['sasl.password'] ?? fromJaas('password');
    if (username === undefined || password === undefined) {
      throw new ClientConfigError(
        `${protocol} needs a user name and password: sasl.jaas.config with username="..." password="..." (or sasl.username and sasl.password)`,
      );
    }
    options.sasl = { mechanism, username, password };
  } else if (props['sasl.mechanism'] || props['sasl.jaas.config']) {
    throw new ClientConfigError(
      `SASL settings are given but security.protocol is ${protocol}: use SASL_PLAINTEXT or SASL_SSL`,
    );
  }
  return options;
}
