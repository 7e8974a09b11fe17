/**
 * kafkajs 2.2 as a scenario driver (in-process). kafkajs has no partition assignment without a
 * group, so its reads join a one-off consumer group; it has no IncrementalAlterConfigs, and its
 * createTopics answers `false` rather than an error for an existing topic (both observed as
 * `client:` outcomes). It compresses with gzip only unless codecs are plugged in.
 */
import kafkajs, { type Admin, type IHeaders, type KafkaMessage } from 'kafkajs';
import { npmPackageVersion } from './availability.js';
import { allPrograms, type ClientDriver, type Json, type JsonObject } from './driver.js';
import { configSourceName, listDeleteAndList, outcome, retry } from './observe.js';

// kafkajs is CommonJS; Node's ESM loader does not see all of its named exports.
const { CompressionTypes, ConfigResourceTypes, Kafka, logLevel } = kafkajs;

interface Read {
  readonly partition: number;
  readonly message: KafkaMessage;
}

const kafka = (bootstrap: string) =>
  new Kafka({
    brokers: bootstrap.split(','),
    clientId: 'brokerlab-compat-kafkajs',
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100 },
  });

async function withAdmin<T>(bootstrap: string, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka(bootstrap).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

let readers = 0;

/** Reads `topic` from the start in a fresh group until `count` messages or 30 s. */
async function readAll(
  bootstrap: string,
  topic: string,
  count: number,
  readUncommitted = true,
): Promise<Read[]> {
  const groupId = `compat-kafkajs-read-${process.pid}-${++readers}-${Date.now()}`;
  return consume(bootstrap, { groupId, readUncommitted }, topic, count, false);
}

async function consume(
  bootstrap: string,
  config: { groupId: string; readUncommitted?: boolean },
  topic: string,
  count: number,
  commit: boolean,
): Promise<Read[]> {
  const consumer = kafka(bootstrap).consumer({ ...config, maxWaitTimeInMs: 200 });
  const reads: Read[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 30_000);
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          reads.push({ partition, message });
          if (reads.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    if (commit) {
      const next = new Map<number, number>();
      for (const r of reads)
        next.set(r.partition, Math.max(next.get(r.partition) ?? 0, Number(r.message.offset) + 1));
      await consumer.commitOffsets(
        [...next].map(([partition, offset]) => ({ topic, partition, offset: `${offset}` })),
      );
    }
  } finally {
    await consumer.disconnect();
  }
  return reads.sort(
    (a, b) => a.partition - b.partition || Number(a.message.offset) - Number(b.message.offset),
  );
}

const text = (value: Buffer | string | null | undefined): string | null =>
  value === null || value === undefined ? null : value.toString();

const valuesAndOffsets = (reads: readonly Read[]): JsonObject => ({
  values: reads.map((r) => text(r.message.value)),
  offsets: reads.map((r) => Number(r.message.offset)),
});

function headerPairs(headers: IHeaders | undefined): Json[] {
  return Object.entries(headers ?? {}).map(([k, v]) => [k, text(v as Buffer)]);
}

async function describe(
  admin: Admin,
  type: kafkajs.ConfigResourceTypes,
  name: string,
  keys: readonly string[],
) {
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type, name, configNames: [...keys] }],
  });
  const entries = described.resources[0]?.configEntries ?? [];
  const out: JsonObject = {};
  for (const key of keys) {
    const e = entries.find((c) => c.configName === key);
    out[key] = e
      ? {
          value: e.configValue,
          source: configSourceName((e as unknown as { configSource: number }).configSource),
          readOnly: e.readOnly,
          sensitive: e.isSensitive,
        }
      : null;
  }
  return out;
}

const valueOf = (described: JsonObject, key: string) => (described[key] as JsonObject | null)?.value;

type Step = (bootstrap: string, o: Record<string, any>) => Promise<JsonObject>; // eslint-disable-line @typescript-eslint/no-explicit-any

const steps: Record<string, Step> = {
  metadata: (bootstrap, o) =>
    withAdmin(bootstrap, async (admin) => {
      const cluster = await admin.describeCluster();
      const { topics } = await admin.fetchTopicMetadata({ topics: [o.topic] });
      const partitions = [...(topics[0]?.partitions ?? [])].sort((a, b) => a.partitionId - b.partitionId);
      return {
        brokers: cluster.brokers.length,
        topic: {
          name: o.topic,
          partitions: partitions.map((p) => ({
            partition: p.partitionId,
            replicas: p.replicas.length,
            isr: p.isr.length,
            leaderIsReplica: p.replicas.includes(p.leader),
          })),
        },
      };
    }),

  'topic-admin': (bootstrap, o) =>
    withAdmin(bootstrap, async (admin) => {
      const configEntries = Object.entries(o.configs as Record<string, string>).map(([name, value]) => ({
        name,
        value,
      }));
      const out: JsonObject = {};
      out.created = await outcome(async () => {
        const created = await admin.createTopics({
          topics: [
            {
              topic: o.topic,
              numPartitions: o.partitions,
              replicationFactor: o.replicationFactor,
              configEntries,
            },
          ],
        });
        if (!created) throw { type: 'createTopics returned false' };
      });
      const { topics } = await retry(() => admin.fetchTopicMetadata({ topics: [o.topic] }));
      const partitions = topics[0]?.partitions ?? [];
      out.describe = {
        partitions: partitions.length,
        replicationFactor: partitions[0]?.replicas.length ?? 0,
      };
      const keys = Object.keys(o.configs).sort();
      const described = await retry(
        () => describe(admin, ConfigResourceTypes.TOPIC, o.topic, keys),
        (d) => keys.every((k) => valueOf(d, k) === o.configs[k]),
      );
      out.configs = Object.fromEntries(keys.map((k) => [k, valueOf(described, k) ?? null]));
      const end = await listDeleteAndList(
        o.topic,
        () => admin.listTopics(),
        () => admin.deleteTopics({ topics: [o.topic] }),
      );
      return { ...out, ...end };
    }),

  configs: (bootstrap, o) =>
    withAdmin(bootstrap, async (admin) => {
      const keys = o.keys as string[];
      const out: JsonObject = { initial: await describe(admin, ConfigResourceTypes.TOPIC, o.topic, keys) };
      // kafkajs has no IncrementalAlterConfigs.
      out.afterIncremental = 'client:unsupported';
      const legacy = o.legacy as Record<string, string>;
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: o.topic,
            configEntries: Object.entries(legacy).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      out.afterLegacy = await retry(
        () => describe(admin, ConfigResourceTypes.TOPIC, o.topic, keys),
        (d) => Object.entries(legacy).every(([k, v]) => valueOf(d, k) === v),
      );
      const cluster = await admin.describeCluster();
      const lowest = Math.min(...cluster.brokers.map((b) => b.nodeId));
      out.broker = await describe(admin, ConfigResourceTypes.BROKER, `${lowest}`, o.brokerKeys);
      return out;
    }),

  errors: (bootstrap, o) =>
    withAdmin(bootstrap, async (admin) => {
      const producer = kafka(bootstrap).producer({ allowAutoTopicCreation: false });
      await producer.connect();
      const out: JsonObject = {};
      try {
        out.unknownTopic = await outcome(() =>
          producer.send({ topic: o.missingTopic, messages: [{ value: 'v' }] }),
        );
        out.badPartition = await outcome(() =>
          producer.send({ topic: o.topic, messages: [{ value: 'v', partition: 5 }] }),
        );
        out.recordTooLarge = await outcome(() =>
          producer.send({ topic: o.topic, messages: [{ value: 'x'.repeat(o.largeSize) }] }),
        );
      } finally {
        await producer.disconnect();
      }
      out.invalidReplicationFactor = await outcome(() =>
        admin.createTopics({ topics: [{ topic: o.newTopic, numPartitions: 1, replicationFactor: 4 }] }),
      );
      out.topicAlreadyExists = await outcome(async () => {
        const created = await admin.createTopics({
          topics: [{ topic: o.topic, numPartitions: 1, replicationFactor: 1 }],
        });
        if (!created) throw { type: 'createTopics returned false' };
      });
      return out;
    }),

  'produce-consume': async (bootstrap, o) => {
    const producer = kafka(bootstrap).producer();
    await producer.connect();
    await producer.send({
      topic: o.topic,
      acks: -1,
      messages: Array.from({ length: o.count }, (_, i) => ({
        key: `key-${i % o.keys}`,
        value: `value-${i}`,
        headers: { seq: `${i}`, source: 'compat' },
      })),
    });
    await producer.disconnect();
    const records: Record<string, Json[]> = {};
    for (const r of await readAll(bootstrap, o.topic, o.count)) {
      (records[text(r.message.key) ?? 'null'] ??= []).push({
        partition: r.partition,
        offset: Number(r.message.offset),
        value: text(r.message.value),
        headers: headerPairs(r.message.headers),
      });
    }
    return { records };
  },

  compression: async (bootstrap, o) => {
    const types: Record<string, kafkajs.CompressionTypes> = {
      gzip: CompressionTypes.GZIP,
      snappy: CompressionTypes.Snappy,
      lz4: CompressionTypes.LZ4,
      zstd: CompressionTypes.ZSTD,
    };
    const producer = kafka(bootstrap).producer();
    await producer.connect();
    const produced: JsonObject = {};
    let expected = 0;
    for (const codec of o.codecs as string[]) {
      produced[codec] = await outcome(() =>
        producer.send({
          topic: o.topic,
          acks: -1,
          compression: types[codec],
          messages: Array.from({ length: o.perCodec }, (_, i) => ({ value: `${codec}-${i}` })),
        }),
      );
      if (produced[codec] === 'ok') expected += o.perCodec;
    }
    await producer.disconnect();
    return { produced, ...valuesAndOffsets(await readAll(bootstrap, o.topic, expected)) };
  },

  'offsets-by-time': async (bootstrap, o) => {
    const producer = kafka(bootstrap).producer();
    await producer.connect();
    for (let i = 0; i < o.count; i++) {
      await producer.send({
        topic: o.topic,
        acks: -1,
        messages: [{ partition: 0, value: `t${i}`, timestamp: `${o.base + i * 1000}` }],
      });
    }
    await producer.disconnect();
    return withAdmin(bootstrap, async (admin) => {
      const [offsets] = await admin.fetchTopicOffsets(o.topic);
      const byTime: JsonObject = {};
      for (const [name, millis] of Object.entries(o.lookups as Record<string, number>)) {
        const [found] = await admin.fetchTopicOffsetsByTimestamp(o.topic, millis);
        byTime[name] = Number(found?.offset);
      }
      return { earliest: Number(offsets?.low), latest: Number(offsets?.high), byTime };
    });
  },

  idempotent: async (bootstrap, o) => {
    const producer = kafka(bootstrap).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: o.topic,
      acks: -1,
      messages: Array.from({ length: o.count }, (_, i) => ({ partition: 0, value: `i${i}` })),
    });
    await producer.disconnect();
    const reads = await readAll(bootstrap, o.topic, o.count);
    const values = reads.map((r) => text(r.message.value));
    return {
      consumed: reads.length,
      inOrder: values.join() === Array.from({ length: o.count }, (_, i) => `i${i}`).join(),
      firstOffset: reads.length ? Number(reads[0]!.message.offset) : -1,
      lastOffset: reads.length ? Number(reads[reads.length - 1]!.message.offset) : -1,
    };
  },

  // Sends v-0..v-(count-1) to partition 0 one every intervalMs with an idempotent acks=all
  // producer, retrying long enough to outlast a leader election, while the suite crashes the leader.
  'produce-acked': async (bootstrap, o) => {
    const client = new Kafka({
      brokers: bootstrap.split(','),
      clientId: 'brokerlab-compat-kafkajs',
      logLevel: logLevel.NOTHING,
      retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 2000 },
    });
    const connected = async () => {
      const p = client.producer({ idempotent: true, maxInFlightRequests: 1 });
      await p.connect();
      return p;
    };
    let producer = await connected();
    // One send at a time: kafkajs may reorder concurrent sends when it retries one of them. After
    // a failed send the producer is replaced: kafkajs advances its sequence numbers only on
    // success, so a send that reached the log but failed for the client would otherwise share its
    // sequence number with the next record, which the broker then drops as a duplicate.
    const delivered: boolean[] = [];
    for (let i = 0; i < o.count; i++) {
      const ok = await producer
        .send({ topic: o.topic, acks: -1, messages: [{ partition: 0, value: `v-${i}` }] })
        .then(
          () => true,
          () => false,
        );
      delivered.push(ok);
      if (!ok) {
        await producer.disconnect();
        producer = await connected();
      }
      await new Promise((resolve) => setTimeout(resolve, o.intervalMs));
    }
    await producer.disconnect();
    return {
      acked: delivered.flatMap((ok, i) => (ok ? [i] : [])),
      failed: delivered.filter((ok) => !ok).length,
    };
  },

  transactions: async (bootstrap, o) => {
    const producer = kafka(bootstrap).producer({
      transactionalId: o.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    for (const txn of o.transactions as { values: string[]; commit: boolean }[]) {
      const transaction = await producer.transaction();
      await transaction.send({
        topic: o.topic,
        messages: txn.values.map((value) => ({ partition: 0, value })),
      });
      await (txn.commit ? transaction.commit() : transaction.abort());
    }
    await producer.disconnect();
    return {
      committed: valuesAndOffsets(await readAll(bootstrap, o.topic, o.committedCount, false)),
      uncommitted: valuesAndOffsets(await readAll(bootstrap, o.topic, o.uncommittedCount, true)),
    };
  },

  'consumer-group': async (bootstrap, o) => {
    const producer = kafka(bootstrap).producer();
    await producer.connect();
    await producer.send({
      topic: o.topic,
      acks: -1,
      messages: Array.from({ length: o.count }, (_, i) => ({ partition: i % 2, value: `g${i}` })),
    });
    await producer.disconnect();
    return consumeAndCommit(bootstrap, o, o.count);
  },

  'consumer-group-resume': (bootstrap, o) => consumeAndCommit(bootstrap, o, o.expected),
};

async function consumeAndCommit(
  bootstrap: string,
  o: Record<string, string>,
  count: number,
): Promise<JsonObject> {
  const reads = await consume(bootstrap, { groupId: o.group! }, o.topic!, count, true);
  const firstOffsets: JsonObject = {};
  for (const r of reads) firstOffsets[`${r.partition}`] ??= Number(r.message.offset);
  const committed = await withAdmin(bootstrap, (admin) =>
    admin.fetchOffsets({ groupId: o.group!, topics: [o.topic!] }),
  );
  const partitions = committed[0]?.partitions ?? [];
  return {
    consumed: reads.length,
    firstOffsets,
    committed: Object.fromEntries(
      partitions.filter((p) => Number(p.offset) >= 0).map((p) => [`${p.partition}`, Number(p.offset)]),
    ),
  };
}

export const kafkajsClient: ClientDriver = {
  name: 'kafkajs',
  programs: new Set(allPrograms),
  async availability() {
    return { ok: true, version: `kafkajs ${npmPackageVersion('kafkajs')}` };
  },
  step(program, bootstrap, options) {
    const step = steps[program];
    if (!step) throw new Error(`kafkajs has no step ${program}`);
    return step(bootstrap, options);
  },
};
