/**
 * A remote Kafka cluster as a connection of the console (a ConnectionModule, loaded by a
 * connection worker): the wire client and the console's operations over it. Opening checks the
 * cluster is reachable (and the credentials good) before the connection counts as ready, so a
 * wrong address or password fails the connection with the client's plain-worded reason.
 * Local-only features (faults, the event stream) are left out: they answer LOCAL_ONLY.
 */
import type { ConnectionImplementation } from '../worker/implementation.js';
import { KafkaClient } from '../kafka-client/client.js';
import { clientOptions, type ClientProperties } from '../kafka-client/config.js';
import { consoleOperations } from './operations.js';

export interface RemoteConnectionOptions {
  /** host:port,host:port,... */
  readonly bootstrap: string;
  /** Kafka client properties (security.protocol, sasl.*, ssl.*; see kafka-client/config.ts). */
  readonly properties?: ClientProperties;
}

export async function open(options: RemoteConnectionOptions): Promise<ConnectionImplementation> {
  const client = new KafkaClient(clientOptions(options.bootstrap, options.properties ?? {}, process.env));
  let metadata;
  try {
    metadata = await client.metadata({ topics: [] });
  } catch (error) {
    await client.close();
    throw error;
  }
  const operations = consoleOperations(client);
  return {
    info: {
      clusterId: metadata.clusterId,
      bootstrap: options.bootstrap,
      capabilities: { faults: false, clusterEvents: false, brokerStates: false },
    },
    methods: operations.methods,
    streams: operations.streams,
    tasks: operations.tasks,
    async close() {
      operations.close();
      await client.close();
    },
  };
}
