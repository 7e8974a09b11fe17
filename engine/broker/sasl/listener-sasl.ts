/**
 * SASL on a client listener (Kafka's SASL_PLAINTEXT): the mechanisms it enables, in Kafka's
 * `sasl.enabled.mechanisms` order, and its users' credentials. Off unless a cluster is started
 * with users; links between brokers are in-process and need none.
 */
import { CredentialStore, saslMechanisms, type SaslMechanism, type SaslUser } from './credentials.js';
import { PlainServer } from './plain-server.js';
import { ScramServer } from './scram-server.js';
import type { SaslServer } from './server.js';

export interface ListenerSasl {
  readonly mechanisms: readonly SaslMechanism[];
  readonly users: CredentialStore;
}

/** Kafka's `sasl.enabled.mechanisms` value: a comma-separated list of the mechanisms Brokerlab has. */
export function parseEnabledMechanisms(value: string): SaslMechanism[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new RangeError('sasl.enabled.mechanisms names no mechanism');
  for (const name of names) {
    if (!saslMechanisms.includes(name as SaslMechanism)) {
      throw new RangeError(
        `sasl.enabled.mechanisms: ${name} is not supported (supported: ${saslMechanisms.join(', ')})`,
      );
    }
  }
  return [...new Set(names)] as SaslMechanism[];
}

/** The listener's SASL settings; the passwords are turned into salted credentials here and dropped. */
export function listenerSasl(mechanisms: readonly SaslMechanism[], users: readonly SaslUser[]): ListenerSasl {
  if (users.length === 0) throw new RangeError('SASL needs at least one user');
  return { mechanisms, users: new CredentialStore(users) };
}

/** A new exchange for a mechanism the listener enables. */
export function saslServer(sasl: ListenerSasl, mechanism: SaslMechanism): SaslServer {
  return mechanism === 'PLAIN' ? new PlainServer(sasl.users) : new ScramServer(mechanism, sasl.users);
}
