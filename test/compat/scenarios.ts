/**
 * The compatibility scenarios. Each client's scenario program implements the program steps named
 * here, taking the options given and printing the observation shape documented on each scenario.
 * Error outcomes are Kafka's error names (UNKNOWN_TOPIC_OR_PARTITION, ...), `code:N` for a broker
 * error code the client does not name (the runner names it), or `client:WHAT` for something the
 * client decided or cannot do by itself.
 */
import {
  Expectations,
  isClientLimitation,
  topicName,
  type ClusterControl,
  type Json,
  type JsonObject,
  type Scenario,
} from './scenario.js';

/** The compat cluster has three brokers, so replication factor 3 is the most it allows. */
export const compatBrokers = 3;

const get = (value: Json | undefined, ...path: (string | number)[]): Json | undefined =>
  path.reduce<Json | undefined>((at, key) => (at as Record<string | number, Json> | undefined)?.[key], value);

const single = (
  name: string,
  summary: string,
  topics: Scenario['topics'],
  options: (client: string) => JsonObject,
  check: Scenario['check'],
): Scenario => ({
  name,
  summary,
  programs: [name],
  topics,
  run: (context) => context.step(name, options(context.client)),
  check,
});

const metadata = single(
  'metadata',
  'cluster brokers and a topic’s partitions, replicas, ISR and leaders',
  (client) => [{ name: topicName('metadata', client), partitions: 3, replicationFactor: 3 }],
  (client) => ({ topic: topicName('metadata', client) }),
  (o) => {
    const e = new Expectations().equal('brokers', o.brokers, compatBrokers);
    const partitions = get(o, 'topic', 'partitions') as JsonObject[] | undefined;
    e.equal('topic.partitions.length', partitions?.length, 3);
    for (const [i, p] of (partitions ?? []).entries()) {
      e.equal(`topic.partitions[${i}]`, p, { partition: i, replicas: 3, isr: 3, leaderIsReplica: true });
    }
    return e.problems;
  },
);

const topicAdminConfigs = { 'cleanup.policy': 'compact', 'retention.ms': '3600000' };
const topicAdmin = single(
  'topic-admin',
  'create a topic with partitions, replication factor and configs; describe, list, delete',
  () => [],
  (client) => ({
    topic: topicName('topic-admin', client),
    partitions: 4,
    replicationFactor: 2,
    configs: topicAdminConfigs,
  }),
  (o) =>
    new Expectations()
      .equal('created', o.created, 'ok')
      .equal('describe', o.describe, { partitions: 4, replicationFactor: 2 })
      .equal('configs', o.configs, topicAdminConfigs)
      .equal('listedAfterCreate', o.listedAfterCreate, true)
      .equal('deleted', o.deleted, 'ok')
      .equal('listedAfterDelete', o.listedAfterDelete, false).problems,
);

const produceConsume = single(
  'produce-consume',
  'keyed records with headers, acks=all; consumed back in order per key, one partition per key',
  (client) => [{ name: topicName('produce-consume', client), partitions: 3, replicationFactor: 3 }],
  (client) => ({ topic: topicName('produce-consume', client), count: 30, keys: 5 }),
  (o) => {
    const e = new Expectations();
    const records = (o.records ?? {}) as Record<string, JsonObject[]>;
    e.equal('keys', Object.keys(records).sort(), ['key-0', 'key-1', 'key-2', 'key-3', 'key-4']);
    for (const [key, entries] of Object.entries(records)) {
      const k = Number(key.slice(4));
      const seqs = Array.from({ length: 6 }, (_, j) => k + j * 5);
      e.equal(
        `records.${key}.values`,
        entries.map((r) => r.value),
        seqs.map((i) => `value-${i}`),
      );
      e.equal(
        `records.${key}.headers`,
        entries.map((r) => r.headers),
        seqs.map((i) => [
          ['seq', `${i}`],
          ['source', 'compat'],
        ]),
      );
      e.that(`records.${key}`, new Set(entries.map((r) => r.partition)).size === 1, 'a key spans partitions');
      const offsets = entries.map((r) => r.offset as number);
      e.that(
        `records.${key}.offsets`,
        offsets.every((x, i) => i === 0 || x > offsets[i - 1]!),
        'offsets not increasing',
      );
    }
    return e.problems;
  },
);

const codecs = ['gzip', 'snappy', 'lz4', 'zstd'];
const compression = single(
  'compression',
  'records produced with gzip, snappy, lz4 and zstd and consumed back',
  (client) => [{ name: topicName('compression', client), partitions: 1, replicationFactor: 3 }],
  (client) => ({ topic: topicName('compression', client), codecs, perCodec: 5 }),
  (o) => {
    const e = new Expectations().equal('produced.gzip', get(o, 'produced', 'gzip'), 'ok');
    const ok = codecs.filter((c) => get(o, 'produced', c) === 'ok');
    for (const codec of codecs) {
      const result = get(o, 'produced', codec);
      e.that(
        `produced.${codec}`,
        result === 'ok' || isClientLimitation(result),
        `failed: ${JSON.stringify(result)}`,
      );
    }
    const values = ok.flatMap((c) => Array.from({ length: 5 }, (_, i) => `${c}-${i}`));
    e.equal('values', o.values, values).equal(
      'offsets',
      o.offsets,
      values.map((_, i) => i),
    );
    return e.problems;
  },
);

const base = 1_700_000_000_000;
const offsetsByTime = single(
  'offsets-by-time',
  'ListOffsets: earliest, latest, and by timestamp (before, between and after the records)',
  (client) => [{ name: topicName('offsets-by-time', client), partitions: 1, replicationFactor: 3 }],
  (client) => ({
    topic: topicName('offsets-by-time', client),
    base,
    count: 6,
    lookups: { atBase: base, between: base + 2_500, afterLast: base + 10_000 },
  }),
  (o) =>
    new Expectations()
      .equal('earliest', o.earliest, 0)
      .equal('latest', o.latest, 6)
      .equal('byTime.atBase', get(o, 'byTime', 'atBase'), 0)
      .equal('byTime.between', get(o, 'byTime', 'between'), 3)
      // Kafka answers -1 past the last record; kafkajs and franz-go turn that into the log end.
      .that('byTime.afterLast', [-1, 6].includes(get(o, 'byTime', 'afterLast') as number), 'neither -1 nor 6')
      .problems,
);

const configKeys = [
  'cleanup.policy',
  'max.message.bytes',
  'min.insync.replicas',
  'retention.ms',
  'segment.bytes',
];
const configs = single(
  'configs',
  'topic and broker configs described (values, sources), altered incrementally and with the legacy call',
  (client) => [
    {
      name: topicName('configs', client),
      partitions: 1,
      replicationFactor: 3,
      configs: { 'retention.ms': '86400000' },
    },
  ],
  (client) => ({
    topic: topicName('configs', client),
    keys: configKeys,
    incremental: { 'retention.ms': '3600000', 'cleanup.policy': 'compact' },
    legacy: { 'max.message.bytes': '20000' },
    brokerKeys: ['auto.create.topics.enable', 'log.retention.hours', 'message.max.bytes', 'num.partitions'],
  }),
  (o) => {
    const e = new Expectations()
      .equal('initial.retention.ms.value', get(o, 'initial', 'retention.ms', 'value'), '86400000')
      .equal(
        'initial.retention.ms.source',
        get(o, 'initial', 'retention.ms', 'source'),
        'DYNAMIC_TOPIC_CONFIG',
      )
      .equal('initial.cleanup.policy.value', get(o, 'initial', 'cleanup.policy', 'value'), 'delete')
      .equal('broker.num.partitions.value', get(o, 'broker', 'num.partitions', 'value'), '1');
    if (!isClientLimitation(o.afterIncremental)) {
      e.equal(
        'afterIncremental.retention.ms',
        get(o, 'afterIncremental', 'retention.ms', 'value'),
        '3600000',
      );
      e.equal(
        'afterIncremental.cleanup.policy',
        get(o, 'afterIncremental', 'cleanup.policy', 'value'),
        'compact',
      );
    }
    if (!isClientLimitation(o.afterLegacy)) {
      e.equal('afterLegacy.max.message.bytes', get(o, 'afterLegacy', 'max.message.bytes', 'value'), '20000');
      e.equal('afterLegacy.retention.ms', get(o, 'afterLegacy', 'retention.ms', 'value'), '604800000');
    }
    e.that(
      'alters',
      !isClientLimitation(o.afterIncremental) || !isClientLimitation(o.afterLegacy),
      'no alter ran',
    );
    return e.problems;
  },
);

const errors = single(
  'errors',
  'unknown topic (auto-create off), bad partition, record too large, invalid replication factor, topic exists',
  (client) => [
    {
      name: topicName('errors', client),
      partitions: 1,
      replicationFactor: 3,
      configs: { 'max.message.bytes': '2000' },
    },
  ],
  (client) => ({
    topic: topicName('errors', client),
    missingTopic: topicName('errors', client, 'missing'),
    newTopic: topicName('errors', client, 'rf4'),
    largeSize: 10_000,
  }),
  (o) => {
    const e = new Expectations();
    // badPartition is not checked: kafkajs and @platformatic/kafka report success without sending
    // (the partition is not in their metadata); the comparison between clusters still covers it.
    e.that('unknownTopic', o.unknownTopic !== 'ok' && o.unknownTopic !== undefined, 'succeeded');
    if (!isClientLimitation(o.recordTooLarge))
      e.equal('recordTooLarge', o.recordTooLarge, 'MESSAGE_TOO_LARGE');
    if (!isClientLimitation(o.invalidReplicationFactor)) {
      e.equal('invalidReplicationFactor', o.invalidReplicationFactor, 'INVALID_REPLICATION_FACTOR');
    }
    if (!isClientLimitation(o.topicAlreadyExists))
      e.equal('topicAlreadyExists', o.topicAlreadyExists, 'TOPIC_ALREADY_EXISTS');
    return e.problems;
  },
);

const sequence = (o: JsonObject, count: number) =>
  new Expectations().equal('summary', o, {
    consumed: count,
    inOrder: true,
    firstOffset: 0,
    lastOffset: count - 1,
  }).problems;

const idempotent = single(
  'idempotent',
  'idempotent producer (enable.idempotence, acks=all): every record once, in order',
  (client) => [{ name: topicName('idempotent', client), partitions: 1, replicationFactor: 3 }],
  (client) => ({ topic: topicName('idempotent', client), count: 50 }),
  (o) => sequence(o, 50),
);

const transactions = single(
  'transactions',
  'transactional producer: commit, abort, commit; read_committed sees only committed records',
  (client) => [{ name: topicName('transactions', client), partitions: 1, replicationFactor: 3 }],
  (client) => ({
    topic: topicName('transactions', client),
    transactionalId: `compat-txn-${client}`,
    transactions: [
      { values: ['a0', 'a1', 'a2'], commit: true },
      { values: ['b0', 'b1'], commit: false },
      { values: ['c0', 'c1'], commit: true },
    ],
    committedCount: 5,
    uncommittedCount: 7,
  }),
  (o) =>
    new Expectations()
      .equal('committed', o.committed, { values: ['a0', 'a1', 'a2', 'c0', 'c1'], offsets: [0, 1, 2, 7, 8] })
      .equal('uncommitted.values', get(o, 'uncommitted', 'values'), [
        'a0',
        'a1',
        'a2',
        'b0',
        'b1',
        'c0',
        'c1',
      ])
      .equal('uncommitted.offsets', get(o, 'uncommitted', 'offsets'), [0, 1, 2, 4, 5, 7, 8]).problems,
);

/** A kafka-transactions table (space-padded columns under a header) as one object per row. */
function transactionRows(text: string): Record<string, string>[] {
  const [header, ...lines] = text.split('\n').filter((line) => line.trim() !== '');
  const names = header?.trim().split(/\s+/) ?? [];
  return lines.map((line) => {
    const cells = line.trim().split(/\s+/);
    return Object.fromEntries(names.map((name, i) => [name, cells[i] ?? '']));
  });
}

const zombieFencing: Scenario = {
  name: 'zombie-fencing',
  summary:
    'a second transactional producer with the same transactional.id fences the first mid-transaction; ' +
    'read_committed sees only the second one’s records; kafka-transactions lists and describes the id',
  programs: ['zombie-fencing'],
  topics: (client) => [{ name: topicName('zombie-fencing', client), partitions: 1, replicationFactor: 3 }],
  async run(context) {
    const transactionalId = `compat-zombie-${context.client}`;
    const observed = await context.step('zombie-fencing', {
      topic: topicName('zombie-fencing', context.client),
      transactionalId,
      zombie: ['z0', 'z1'],
      successor: ['s0', 's1'],
      committedCount: 2,
      uncommittedCount: 4,
    });
    const [list, described] = await context.tools.batch([
      { tool: 'transactions', args: ['--bootstrap-server', context.bootstrap, 'list'] },
      {
        tool: 'transactions',
        args: ['--bootstrap-server', context.bootstrap, 'describe', '--transactional-id', transactionalId],
      },
    ]);
    // Producer ids, epochs and coordinators are each cluster's own; the id's state is the answer.
    const pick = (row: Record<string, string> | undefined) =>
      row && { transactionalId: row['TransactionalId'] ?? null, state: row['TransactionState'] ?? null };
    return {
      ...observed,
      listed: {
        code: list!.code,
        row:
          pick(transactionRows(list!.stdout).find((r) => r['TransactionalId'] === transactionalId)) ?? null,
      },
      described: { code: described!.code, row: pick(transactionRows(described!.stdout)[0]) ?? null },
    };
  },
  check(o, client) {
    const row = { transactionalId: `compat-zombie-${client}`, state: 'CompleteCommit' };
    return (
      new Expectations()
        .equal('zombieCommit', o.zombieCommit, 'client:ProducerFencedException')
        // The zombie's records, its ABORT marker (offset 2), the successor's records, its COMMIT marker.
        .equal('committed', o.committed, { values: ['s0', 's1'], offsets: [3, 4] })
        .equal('uncommitted', o.uncommitted, { values: ['z0', 'z1', 's0', 's1'], offsets: [0, 1, 3, 4] })
        .equal('listed', o.listed, { code: 0, row })
        .equal('described', o.described, { code: 0, row }).problems
    );
  },
};

const transformRecords = 120;

/** Runs work with a broker crashed, restarting it afterwards whatever the work's outcome. */
async function withBrokerDown<T>(
  cluster: ClusterControl,
  brokerId: number,
  work: () => Promise<T>,
): Promise<T> {
  await cluster.killBroker(brokerId);
  try {
    return await work();
  } finally {
    await cluster.restartBroker(brokerId);
  }
}

const transformFailover: Scenario = {
  name: 'transform-failover',
  summary:
    'consume-transform-produce in transactions with sendOffsetsToTransaction in three runs: the transaction ' +
    'coordinator’s broker is down during the second, an output partition’s leader crashes while the third writes; ' +
    'read_committed output holds every input record once',
  programs: ['transform'],
  exclusive: true,
  topics: (client) =>
    ['in', 'out'].map((side) => ({
      name: topicName(`transform-${side}`, client),
      partitions: 2,
      replicationFactor: 3,
      configs: { 'min.insync.replicas': '2' },
    })),
  async run(context) {
    const transactionalId = `compat-transform-${context.client}`;
    const options = {
      input: topicName('transform-in', context.client),
      output: topicName('transform-out', context.client),
      group: `compat-transform-${context.client}`,
      transactionalId,
    };
    const third = transformRecords / 3;
    await context.step('transform', { ...options, produce: transformRecords, count: third });
    const described = await context.tools.transactions([
      '--bootstrap-server',
      context.bootstrap,
      'describe',
      '--transactional-id',
      transactionalId,
    ]);
    const coordinator = Number(transactionRows(described.stdout)[0]?.['CoordinatorId']);
    if (!Number.isInteger(coordinator))
      throw new Error(`no coordinator in: ${described.stdout}${described.stderr}`);
    await withBrokerDown(context.cluster, coordinator, () =>
      context.step('transform', { ...options, count: third }),
    );
    // The leader of the output partition the last run writes to first crashes while the run goes
    // on: the run's producer and the coordinator's markers move to the successor, which answers
    // read_committed fetches from the replicated log alone. (A run that ends before anything
    // shows loses partition 0's leader after it.)
    const ends = () => Promise.all([0, 1].map((p) => context.cluster.endOffset(options.output, p)));
    const before = await ends();
    let settled = false;
    // A count, not "until idle": Apache Kafka moves a crashed broker's partitions only after its
    // session times out, longer than an idle wait, and the run must not stop short of them.
    const resuming = context.step('transform', { ...options, count: third }).finally(() => (settled = true));
    // Awaited below; this only keeps a run that fails while we watch from counting as unhandled.
    resuming.catch(() => undefined);
    const deadline = Date.now() + 60_000;
    let written = -1;
    while (!settled && written < 0) {
      if (Date.now() > deadline) throw new Error('the last run wrote nothing in 60 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
      written = (await ends()).findIndex((end, p) => end > before[p]!);
    }
    const leader = await context.cluster.leaderOf(options.output, Math.max(written, 0));
    const resumed = await withBrokerDown(context.cluster, leader, () => resuming);
    const read = await context.tools.consoleConsumer([
      '--bootstrap-server',
      context.bootstrap,
      '--topic',
      options.output,
      '--from-beginning',
      '--isolation-level',
      'read_committed',
      '--max-messages',
      `${transformRecords}`,
      // Stops at the last record when all are there; the longer wait leaves room for a cluster
      // whose broker has just come back.
      '--timeout-ms',
      '60000',
    ]);
    const values = read.stdout.split('\n').filter((line) => line.endsWith('-out'));
    const distinct = new Set(values);
    const missing = Array.from({ length: transformRecords }, (_, i) => `r${i}-out`).filter(
      (v) => !distinct.has(v),
    );
    return {
      output: values.length,
      duplicates: values.length - distinct.size,
      missing: missing.length,
      committed: resumed.committed ?? null,
    };
  },
  check(o) {
    return new Expectations()
      .equal('output', o.output, transformRecords)
      .equal('duplicates', o.duplicates, 0)
      .equal('missing', o.missing, 0)
      .equal('committed', o.committed, { 0: transformRecords / 2, 1: transformRecords / 2 }).problems;
  },
};

/** `kafka-consumer-groups` table output as rows of cells, without the header and blank lines. */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => cells.length > 1 && cells[0] !== 'GROUP')
    .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
}

const consumerGroup: Scenario = {
  name: 'consumer-group',
  summary: 'group consume and commit; kafka-consumer-groups resets the group; the group resumes there',
  programs: ['consumer-group', 'consumer-group-resume'],
  topics: (client) => [{ name: topicName('consumer-group', client), partitions: 2, replicationFactor: 3 }],
  async run(context) {
    const topic = topicName('consumer-group', context.client);
    const group = `compat-group-${context.client}`;
    const consumed = await context.step('consumer-group', { topic, group, count: 20 });
    const reset = await context.tools.consumerGroups([
      '--bootstrap-server',
      context.bootstrap,
      '--group',
      group,
      '--topic',
      topic,
      '--reset-offsets',
      '--to-offset',
      '3',
      '--execute',
    ]);
    const resumed = await context.step('consumer-group-resume', { topic, group, expected: 14 });
    return { consumed, reset: { code: reset.code, rows: tableRows(reset.stdout) }, resumed };
  },
  check(o) {
    return new Expectations()
      .equal('consumed.consumed', get(o, 'consumed', 'consumed'), 20)
      .equal('consumed.committed', get(o, 'consumed', 'committed'), { 0: 10, 1: 10 })
      .equal('reset.code', get(o, 'reset', 'code'), 0)
      .equal('reset.rows.length', (get(o, 'reset', 'rows') as Json[] | undefined)?.length, 2)
      .equal('resumed.consumed', get(o, 'resumed', 'consumed'), 14)
      .equal('resumed.firstOffsets', get(o, 'resumed', 'firstOffsets'), { 0: 3, 1: 3 })
      .equal('resumed.committed', get(o, 'resumed', 'committed'), { 0: 10, 1: 10 }).problems;
  },
};

const failoverRecords = 300;
const leaderFailover: Scenario = {
  name: 'leader-failover',
  summary:
    'the partition leader crashes mid-stream while an idempotent acks=all producer sends; it is restarted after; ' +
    'every acknowledged record is there once, in order (read back with kafka-console-consumer)',
  programs: ['produce-acked'],
  exclusive: true,
  topics: (client) => [
    {
      name: topicName('leader-failover', client),
      partitions: 1,
      replicationFactor: 3,
      configs: { 'min.insync.replicas': '2' },
    },
  ],
  async run(context) {
    const topic = topicName('leader-failover', context.client);
    let produced: JsonObject | undefined;
    const producing = context
      .step('produce-acked', { topic, count: failoverRecords, intervalMs: 10 })
      .then((result) => (produced = result));
    // Crash the leader once the stream is under way: a tenth of the records in the log.
    const deadline = Date.now() + 60_000;
    while (produced === undefined && (await context.cluster.endOffset(topic, 0)) < failoverRecords / 10) {
      if (Date.now() > deadline) throw new Error('the producer did not get under way in 60 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const killedMidStream = produced === undefined;
    const leader = await context.cluster.leaderOf(topic, 0);
    await context.cluster.killBroker(leader);
    try {
      await producing;
    } finally {
      await context.cluster.restartBroker(leader);
    }
    const end = await context.cluster.endOffset(topic, 0);
    const read = await context.tools.consoleConsumer([
      '--bootstrap-server',
      context.bootstrap,
      '--topic',
      topic,
      '--partition',
      '0',
      '--offset',
      'earliest',
      '--max-messages',
      `${end}`,
      '--timeout-ms',
      '20000',
    ]);
    const values = read.stdout.split('\n').filter((line) => line.startsWith('v-'));
    const indices = values.map((v) => Number(v.slice(2)));
    const acked = (produced?.acked ?? []) as number[];
    const present = new Set(indices);
    const lost = acked.filter((i) => !present.has(i));
    // Where the delivery reports put each lost record, and the end offset read up to, so a loss
    // can be matched to the partition's log (only present when something was lost).
    const offsets = (produced?.offsets ?? {}) as Record<string, number>;
    const lostAt: JsonObject =
      lost.length > 0 ? { lostAt: { end, offsets: lost.map((i) => [i, offsets[i] ?? null]) } } : {};
    return {
      killedMidStream,
      acknowledged: acked.length === failoverRecords ? 'all' : acked.length > 0 ? 'some' : 'none',
      lostAcknowledged: lost.length,
      duplicates: indices.length - present.size,
      inOrder: indices.every((x, i) => i === 0 || x > indices[i - 1]!),
      readBackAll: values.length === end,
      ...lostAt,
    };
  },
  check: (o) =>
    new Expectations().equal('observation', o, {
      killedMidStream: true,
      acknowledged: 'all',
      lostAcknowledged: 0,
      duplicates: 0,
      inOrder: true,
      readBackAll: true,
    }).problems,
};

export const scenarios: readonly Scenario[] = [
  metadata,
  topicAdmin,
  produceConsume,
  compression,
  offsetsByTime,
  configs,
  errors,
  idempotent,
  consumerGroup,
  transactions,
  zombieFencing,
  leaderFailover,
  transformFailover,
];
