/**
 * The embedded cluster's connection module, loaded in its worker thread: starts the engine with
 * a Kafka listener per broker, and serves the console's operations next to it — so scans read
 * the logs on this thread and only matching records cross to the host — plus what only the
 * embedded cluster has (its own snapshot, faults, the event stream). Closing stops the cluster
 * gracefully.
 */
import { listenerFactory, startCluster } from '../../engine/index.js';
import { consoleOperations } from '../console/operations.js';
import { transactionCoordinatorOf } from '../console/transactions.js';
import { KafkaClient } from '../kafka-client/client.js';
import type { EmbeddedClusterOptions } from './embedded-connection.js';
import { embeddedBootstrap, embeddedClientSasl } from './embedded-connection.js';
import { clusterEvents, engineMethods } from './engine-features.js';
import type { ConnectionImplementation } from './implementation.js';

export async function open(options: EmbeddedClusterOptions): Promise<ConnectionImplementation> {
  const cluster = await startCluster({
    brokers: options.brokers,
    dataDir: options.dataDir,
    host: options.host,
    basePort: options.basePort,
    config: options.config,
    listener: listenerFactory(),
    sasl: options.sasl,
  });
  const bootstrap = embeddedBootstrap(options);
  // The console's operations reach the brokers as any Kafka client would, on loopback.
  const access = new KafkaClient({
    bootstrap,
    clientId: 'brokerlab-console',
    sasl: embeddedClientSasl(options),
  });
  const operations = consoleOperations(access);
  const engine = engineMethods(cluster);
  return {
    info: {
      clusterId: cluster.clusterId,
      bootstrap,
      capabilities: { faults: true, clusterEvents: true, brokerStates: true },
    },
    methods: {
      ...operations.methods,
      ...engine,
      'faults.killTransactionCoordinator': async ({ transactionalId }, signal) =>
        engine['faults.killBroker'](
          { brokerId: await transactionCoordinatorOf(access, transactionalId, signal) },
          signal,
        ),
    },
    streams: { ...operations.streams, 'cluster.events': clusterEvents(cluster) },
    tasks: operations.tasks,
    async close() {
      operations.close();
      await access.close();
      await cluster.stop();
    },
  };
}
