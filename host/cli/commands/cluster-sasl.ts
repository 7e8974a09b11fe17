/**
 * `brokerlab cluster --sasl [--sasl-user NAME:PASSWORD ...]`: SASL_PLAINTEXT on every broker, so
 * that clients rehearse the authentication they will use in production. The mechanisms are
 * `sasl.enabled.mechanisms` (`--config`, default PLAIN,SCRAM-SHA-256,SCRAM-SHA-512). Without
 * --sasl-user there is one user, `admin`, with a random password printed on the `brokerlab sasl`
 * line before the ready line; --sasl-user alone turns SASL on too.
 */
import { randomBytes } from 'node:crypto';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseEnabledMechanisms } from '../../../engine/broker/sasl/listener-sasl.js';
import type { SaslUser } from '../../../engine/broker/sasl/credentials.js';

export interface SaslCliOptions {
  readonly sasl?: boolean;
  readonly saslUser?: readonly SaslUser[];
}

/** What the cluster is started with, and what to tell the user. */
export interface ClusterSasl {
  readonly users: readonly SaslUser[];
  readonly mechanisms: readonly string[];
  /** The generated password of the default user, to print; null when users were given. */
  readonly generatedPassword: string | null;
}

export const DEFAULT_SASL_USER = 'admin';

function saslUser(value: string, previous: readonly SaslUser[] = []): SaslUser[] {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) {
    throw new InvalidArgumentError(`expected NAME:PASSWORD, got "${value}"`);
  }
  const user = { username: value.slice(0, colon), password: value.slice(colon + 1) };
  if (previous.some((u) => u.username === user.username)) {
    throw new InvalidArgumentError(`user ${user.username} is given twice`);
  }
  return [...previous, user];
}

export function addSaslOptions(command: Command): Command {
  return command
    .option('--sasl', 'require SASL authentication (SASL_PLAINTEXT) on every broker')
    .addOption(
      new Option(
        '--sasl-user <name:password>',
        `a SASL user (repeatable; implies --sasl; default: ${DEFAULT_SASL_USER} with a random password, printed)`,
      ).argParser(saslUser),
    );
}

/** The SASL settings the options ask for; null when SASL stays off. */
export function clusterSasl(
  options: SaslCliOptions,
  config: Readonly<Record<string, string>>,
): ClusterSasl | null {
  if (!options.sasl && !options.saslUser) return null;
  const mechanisms = parseEnabledMechanisms(
    config['sasl.enabled.mechanisms'] ?? 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
  );
  if (options.saslUser) return { users: options.saslUser, mechanisms, generatedPassword: null };
  const password = randomBytes(18).toString('base64url');
  return { users: [{ username: DEFAULT_SASL_USER, password }], mechanisms, generatedPassword: password };
}

/** `brokerlab sasl mechanisms=... users=admin password=...`: printed before the ready line. */
export function saslLine(sasl: ClusterSasl): string {
  const users = sasl.users.map((u) => u.username).join(',');
  const password = sasl.generatedPassword === null ? '' : ` password=${sasl.generatedPassword}`;
  return `brokerlab sasl mechanisms=${sasl.mechanisms.join(',')} users=${users}${password}`;
}
