/**
 * The console's operations over one ClusterAccess, as the contract's method, stream and task
 * implementations (host/worker/implementation.ts): everything that is not local-only, written
 * once for the embedded cluster (in-process access) and for any Kafka cluster (the wire client).
 * The embedded connection adds the local-only parts (faults, events, its richer snapshot).
 */
import type { ClusterAccess } from '../cluster-access.js';
import type { MethodImpls, StreamImpls, TaskImpls } from '../worker/implementation.js';
import { browse, getMessage } from './browse.js';
import { exportTopic } from './export/export-topic.js';
import { importFile } from './import/import-topic.js';
import { clusterSnapshot } from './cluster.js';
import { deleteGroup, describeGroup, listGroups, resetOffsets } from './groups.js';
import { LagSampler, type LagSamplerOptions } from './lag-sampler.js';
import { ConsoleProducers } from './produce.js';
import { scanTopic } from './scan.js';
import { tail } from './tail.js';
import {
  abortTransaction,
  describeTransaction,
  listTransactions,
  transactionPartitions,
} from './transactions.js';
import {
  addPartitions,
  alterTopicConfigs,
  configDefinitions,
  createTopic,
  deleteRecords,
  deleteTopic,
  describeTopic,
  listTopics,
} from './topics.js';

export interface ConsoleOperations {
  readonly methods: MethodImpls;
  readonly streams: StreamImpls;
  readonly tasks: TaskImpls;
  /** Stops the lag sampler; the access itself belongs to the caller. */
  close(): void;
}

export function consoleOperations(
  access: ClusterAccess,
  options: { lag?: LagSamplerOptions } = {},
): ConsoleOperations {
  const producers = new ConsoleProducers(access);
  const lag = new LagSampler(access, options.lag);
  const methods: MethodImpls = {
    'cluster.snapshot': (_input, signal) => clusterSnapshot(access, signal),
    'topics.list': (input, signal) => listTopics(access, input, signal),
    'topics.describe': (input, signal) => describeTopic(access, input, signal),
    'topics.configDefinitions': async () => configDefinitions(),
    'topics.create': (input, signal) => createTopic(access, input, signal),
    'topics.alterConfigs': (input, signal) => alterTopicConfigs(access, input, signal),
    'topics.addPartitions': (input, signal) => addPartitions(access, input, signal),
    'topics.delete': (input, signal) => deleteTopic(access, input, signal),
    'topics.deleteRecords': (input, signal) => deleteRecords(access, input, signal),
    'messages.browse': (input, signal) => browse(access, input, signal),
    'messages.get': (input, signal) => getMessage(access, input, signal),
    'messages.produce': (input, signal) => producers.produce(input, signal),
    'groups.list': (_input, signal) => listGroups(access, signal),
    'groups.describe': (input, signal) => describeGroup(access, input, signal),
    'groups.lagSeries': (input) => lag.series(input.groupId, input.since),
    'groups.resetOffsets': (input, signal) => resetOffsets(access, input, signal),
    'groups.delete': (input, signal) => deleteGroup(access, input, signal),
    'transactions.list': (_input, signal) => listTransactions(access, signal),
    'transactions.describe': (input, signal) => describeTransaction(access, input, signal),
    'transactions.partitions': (input, signal) => transactionPartitions(access, input, signal),
    'transactions.abort': (input, signal) => abortTransaction(access, input, signal),
  };
  const streams: StreamImpls = {
    'messages.tail': (args, emit, signal) => tail(access, args, emit, signal),
    'groups.lag': (args, emit, signal) =>
      new Promise<void>((resolve) => {
        const unsubscribe = lag.subscribe(args.groupId, emit);
        signal.addEventListener(
          'abort',
          () => {
            unsubscribe();
            resolve();
          },
          { once: true },
        );
      }),
  };
  const tasks: TaskImpls = {
    scan: (input, report, signal) => scanTopic(access, input, report, signal),
    produceTemplate: (input, report, signal) => producers.produceTemplate(input, report, signal),
    export: (input, report, signal) => exportTopic(access, input, report, signal),
    import: (input, report, signal) => importFile(access, input, report, signal),
  };
  return { methods, streams, tasks, close: () => lag.close() };
}
