/**
 * The embedded cluster as a connection of the console service: its definition (known before it
 * starts) and how it starts — in a worker thread that runs the engine and the console operations
 * next to it (./embedded.ts).
 */
import type { SaslUser } from '../../engine/broker/sasl/credentials.js';
import { parseEnabledMechanisms } from '../../engine/broker/sasl/listener-sasl.js';
import type { SaslOptions } from '../kafka-client/sasl.js';
import { assertDataDirFree } from '../control/data-dir-owner.js';
import type { ConnectionDefinition } from '../service/connections.js';
import { siblingModule } from './spawn.js';
import { WorkerConnection } from './worker-connection.js';

export interface EmbeddedClusterOptions {
  readonly dataDir: string;
  readonly brokers: number;
  readonly host: string;
  /** Broker i (ids 1..N) listens on basePort + i − 1. */
  readonly basePort: number;
  /** Broker configs by Kafka's names (`auto.create.topics.enable`, `log.retention.ms`, ...). */
  readonly config?: Readonly<Record<string, string>>;
  /** SASL on every broker for these users (the console itself signs in as the first). */
  readonly sasl?: { readonly users: readonly SaslUser[] };
}

/**
 * How the host's own clients of the embedded cluster (the console's operations, the schema
 * registry) sign in when SASL is on: as the first user, with the first enabled mechanism.
 */
export function embeddedClientSasl(options: EmbeddedClusterOptions): SaslOptions | undefined {
  const user = options.sasl?.users[0];
  if (!user) return undefined;
  const enabled = options.config?.['sasl.enabled.mechanisms'] ?? 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512';
  return { mechanism: parseEnabledMechanisms(enabled)[0]!, username: user.username, password: user.password };
}

export function embeddedBootstrap(options: EmbeddedClusterOptions): string {
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return Array.from({ length: options.brokers }, (_, i) => `${host}:${options.basePort + i}`).join(',');
}

export function embeddedConnection(options: EmbeddedClusterOptions): ConnectionDefinition {
  return {
    id: 'embedded',
    name: 'Embedded cluster',
    kind: 'embedded',
    bootstrap: embeddedBootstrap(options),
    capabilities: { faults: true, clusterEvents: true, brokerStates: true },
    start: async () => {
      assertDataDirFree(options.dataDir);
      return WorkerConnection.start({
        module: siblingModule(import.meta.url, 'embedded'),
        options: { ...options },
        stopTimeoutMs: 30_000,
      });
    },
  };
}
