/**
 * The schema registry of an embedded cluster: its state read from `_schemas`, the registry over
 * it, and its HTTP listener.
 *
 * It runs in the host process and reaches the cluster through the brokers' listeners with the
 * console's Kafka client, as Confluent's registry is a client of its cluster: a broker killed or
 * restarted is then a leader change it rides out like any client, and its HTTP work stays off the
 * engine's worker thread.
 */
import { KafkaClient } from '../kafka-client/client.js';
import type { SaslOptions } from '../kafka-client/sasl.js';
import { listenRegistry } from './http-server.js';
import { SchemaRegistry } from './registry.js';
import { SchemasTopic } from './schemas-topic.js';
import { RegistryState } from './state.js';

export const DEFAULT_REGISTRY_PORT = 8081;

export interface EmbeddedRegistryOptions {
  readonly bootstrap: string;
  readonly brokers: number;
  readonly host: string;
  /** 0: a free port. */
  readonly port: number;
  /** Whether a taken `port` falls back to a free one (true for the default port). */
  readonly fallbackToFree: boolean;
  /** How to sign in when the cluster requires SASL. */
  readonly sasl?: SaslOptions;
}

export interface EmbeddedRegistry {
  readonly url: string;
  close(): Promise<void>;
}

export async function startEmbeddedRegistry(options: EmbeddedRegistryOptions): Promise<EmbeddedRegistry> {
  const client = new KafkaClient({
    bootstrap: options.bootstrap,
    clientId: 'brokerlab-schema-registry',
    sasl: options.sasl,
  });
  try {
    const state = new RegistryState();
    const topic = await SchemasTopic.open(
      client,
      { replicationFactor: Math.min(3, options.brokers) },
      (record) => state.apply(record),
    );
    const registry = new SchemaRegistry(state, topic);
    const listener = await listenRegistry(registry, options);
    return {
      url: listener.url,
      async close() {
        await listener.close();
        await client.close();
      },
    };
  } catch (err) {
    await client.close();
    throw err;
  }
}
