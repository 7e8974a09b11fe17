/**
 * The embedded cluster as a connection of the console service: its definition (known before it
 * starts) and how it starts — in a worker thread that runs the engine and the console operations
 * next to it (./embedded.ts).
 */
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
