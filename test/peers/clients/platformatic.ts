/**
 * @platformatic/kafka 1.35 as a scenario driver (in-process). Like kafkajs it reads through a
 * consumer group (a fresh one per read); unlike kafkajs it speaks IncrementalAlterConfigs and
 * every compression codec.
 */
import {
  Admin,
  Consumer,
  Producer,
  stringDeserializers,
  stringSerializers,
  type Message,
  type ProduceOptions,
} from '@platformatic/kafka';
import { npmPackageVersion } from './availability.js';
import { allPrograms, type ClientDriver, type Json, type JsonObject } from './driver.js';
import { configSourceName, listDeleteAndList, outcome, retry } from './observe.js';

const TOPIC = 2 as const; // ConfigResourceTypes.TOPIC
const BROKER = 4 as const;
const SET = 0; // IncrementalAlterConfigOperationTypes.SET
const base = (bootstrap: string) => ({
  clientId: 'brokerlab-compat-platformatic',
  bootstrapBrokers: bootstrap.split(','),
  // Coordinators answer COORDINATOR_NOT_AVAILABLE until their internal topic exists.
  retries: 10,
  retryDelay: 250,
});

type StringMessage = Message<string, string, string, string>;

async function using<T extends { close(): Promise<void> }, R>(
  client: T,
  work: (c: T) => Promise<R>,
): Promise<R> {
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

const admin = <R>(bootstrap: string, work: (a: Admin) => Promise<R>) =>
  using(new Admin(base(bootstrap)), work);

type Messages = Parameters<Producer<string, string, string, string>['send']>[0]['messages'];

async function produce(
  bootstrap: string,
  messages: Messages,
  options: Partial<ProduceOptions<string, string, string, string>> = {},
): Promise<void> {
  await using(new Producer({ ...base(bootstrap), serializers: stringSerializers, ...options }), (p) =>
    p.send({ messages, acks: -1 }),
  );
}

let readers = 0;

/** Consumes `topic` from the start in a group until `count` messages or 30 s. */
async function consume(
  bootstrap: string,
  groupId: string,
  topic: string,
  count: number,
  options: { commit?: boolean; isolationLevel?: number } = {},
): Promise<StringMessage[]> {
  const consumer = new Consumer({ ...base(bootstrap), groupId, deserializers: stringDeserializers });
  const messages: StringMessage[] = [];
  try {
    const stream = await consumer.consume({
      topics: [topic],
      mode: 'committed',
      fallbackMode: 'earliest',
      autocommit: false,
      maxWaitTime: 200,
      isolationLevel: options.isolationLevel ?? 0,
    });
    const timer = setTimeout(() => void stream.close(), 30_000);
    for await (const message of stream) {
      messages.push(message as StringMessage);
      if (options.commit) await message.commit();
      if (messages.length >= count) break;
    }
    clearTimeout(timer);
    await stream.close();
  } finally {
    await consumer.close(true);
  }
  return messages.sort((a, b) => a.partition - b.partition || Number(a.offset - b.offset));
}

const readAll = (bootstrap: string, topic: string, count: number, isolationLevel = 0) =>
  consume(bootstrap, `compat-platformatic-read-${process.pid}-${++readers}-${Date.now()}`, topic, count, {
    isolationLevel,
  });

const valuesAndOffsets = (messages: readonly StringMessage[]): JsonObject => ({
  values: messages.map((m) => m.value),
  offsets: messages.map((m) => Number(m.offset)),
});

async function describe(a: Admin, resourceType: 2 | 4, resourceName: string, keys: readonly string[]) {
  const [description] = await a.describeConfigs({
    resources: [{ resourceType, resourceName, configurationKeys: [...keys] }],
  });
  const out: JsonObject = {};
  for (const key of keys) {
    const c = description?.configs.find((entry) => entry.name === key);
    out[key] = c
      ? {
          value: c.value ?? null,
          source: configSourceName(c.configSource),
          readOnly: c.readOnly,
          sensitive: c.isSensitive,
        }
      : null;
  }
  return out;
}

const valueOf = (described: JsonObject, key: string) => (described[key] as JsonObject | null)?.value;
const applied = (expected: Record<string, string>) => (d: JsonObject) =>
  Object.entries(expected).every(([k, v]) => valueOf(d, k) === v);

type Step = (bootstrap: string, o: Record<string, any>) => Promise<JsonObject>; // eslint-disable-line @typescript-eslint/no-explicit-any

const steps: Record<string, Step> = {
  metadata: (bootstrap, o) =>
    admin(bootstrap, async (a) => {
      const metadata = await a.metadata({ topics: [o.topic] });
      const topic = metadata.topics.get(o.topic);
      return {
        brokers: metadata.brokers.size,
        topic: {
          name: o.topic,
          partitions: (topic?.partitions ?? []).map((p, partition) => ({
            partition,
            replicas: p.replicas.length,
            isr: p.isr.length,
            leaderIsReplica: p.replicas.includes(p.leader),
          })),
        },
      };
    }),

  'topic-admin': (bootstrap, o) =>
    admin(bootstrap, async (a) => {
      const configs = Object.entries(o.configs as Record<string, string>).map(([name, value]) => ({
        name,
        value,
      }));
      const out: JsonObject = {};
      out.created = await outcome(() =>
        a.createTopics({
          topics: [o.topic],
          partitions: o.partitions,
          replicas: o.replicationFactor,
          configs,
        }),
      );
      const metadata = await retry(
        () => a.metadata({ topics: [o.topic], forceUpdate: true }),
        (m) => (m.topics.get(o.topic)?.partitions.length ?? 0) > 0,
      );
      const partitions = metadata.topics.get(o.topic)?.partitions ?? [];
      out.describe = {
        partitions: partitions.length,
        replicationFactor: partitions[0]?.replicas.length ?? 0,
      };
      const keys = Object.keys(o.configs).sort();
      const described = await retry(() => describe(a, TOPIC, o.topic, keys), applied(o.configs));
      out.configs = Object.fromEntries(keys.map((k) => [k, valueOf(described, k) ?? null]));
      const end = await listDeleteAndList(
        o.topic,
        () => a.listTopics(),
        () => a.deleteTopics({ topics: [o.topic] }),
      );
      return { ...out, ...end };
    }),

  configs: (bootstrap, o) =>
    admin(bootstrap, async (a) => {
      const keys = o.keys as string[];
      const out: JsonObject = { initial: await describe(a, TOPIC, o.topic, keys) };
      const incremental = o.incremental as Record<string, string>;
      await a.incrementalAlterConfigs({
        resources: [
          {
            resourceType: TOPIC,
            resourceName: o.topic,
            configs: Object.entries(incremental).map(([name, value]) => ({
              name,
              value,
              configOperation: SET,
            })),
          },
        ],
      });
      out.afterIncremental = await retry(() => describe(a, TOPIC, o.topic, keys), applied(incremental));
      const legacy = o.legacy as Record<string, string>;
      await a.alterConfigs({
        resources: [
          {
            resourceType: TOPIC,
            resourceName: o.topic,
            configs: Object.entries(legacy).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      out.afterLegacy = await retry(() => describe(a, TOPIC, o.topic, keys), applied(legacy));
      const metadata = await a.metadata({});
      out.broker = await describe(a, BROKER, `${Math.min(...metadata.brokers.keys())}`, o.brokerKeys);
      return out;
    }),

  errors: async (bootstrap, o) => {
    const out: JsonObject = {};
    await using(
      new Producer({ ...base(bootstrap), serializers: stringSerializers, autocreateTopics: false }),
      async (p) => {
        out.unknownTopic = await outcome(() => p.send({ messages: [{ topic: o.missingTopic, value: 'v' }] }));
        out.badPartition = await outcome(() =>
          p.send({ messages: [{ topic: o.topic, value: 'v', partition: 5 }] }),
        );
        out.recordTooLarge = await outcome(() =>
          p.send({ messages: [{ topic: o.topic, value: 'x'.repeat(o.largeSize) }] }),
        );
      },
    );
    await admin(bootstrap, async (a) => {
      out.invalidReplicationFactor = await outcome(() =>
        a.createTopics({ topics: [o.newTopic], partitions: 1, replicas: 4 }),
      );
      out.topicAlreadyExists = await outcome(() =>
        a.createTopics({ topics: [o.topic], partitions: 1, replicas: 1 }),
      );
    });
    return out;
  },

  'produce-consume': async (bootstrap, o) => {
    await produce(
      bootstrap,
      Array.from({ length: o.count }, (_, i) => ({
        topic: o.topic,
        key: `key-${i % o.keys}`,
        value: `value-${i}`,
        headers: new Map([
          ['seq', `${i}`],
          ['source', 'compat'],
        ]),
      })),
    );
    const records: Record<string, Json[]> = {};
    for (const m of await readAll(bootstrap, o.topic, o.count)) {
      (records[m.key] ??= []).push({
        partition: m.partition,
        offset: Number(m.offset),
        value: m.value,
        headers: [...m.headers].map(([k, v]) => [k, v]),
      });
    }
    return { records };
  },

  compression: async (bootstrap, o) => {
    const produced: JsonObject = {};
    let expected = 0;
    for (const codec of o.codecs as ('gzip' | 'snappy' | 'lz4' | 'zstd')[]) {
      const messages = Array.from({ length: o.perCodec }, (_, i) => ({
        topic: o.topic,
        value: `${codec}-${i}`,
      }));
      produced[codec] = await outcome(() => produce(bootstrap, messages, { compression: codec }));
      if (produced[codec] === 'ok') expected += o.perCodec;
    }
    return { produced, ...valuesAndOffsets(await readAll(bootstrap, o.topic, expected)) };
  },

  'offsets-by-time': async (bootstrap, o) => {
    for (let i = 0; i < o.count; i++) {
      const timestamp = BigInt(o.base + i * 1000);
      await produce(bootstrap, [{ topic: o.topic, partition: 0, value: `t${i}`, timestamp }]);
    }
    return admin(bootstrap, async (a) => {
      const list = async (timestamp: bigint) => {
        const [topic] = await a.listOffsets({
          topics: [{ name: o.topic, partitions: [{ partitionIndex: 0, timestamp }] }],
        });
        return Number(topic?.partitions[0]?.offset);
      };
      const byTime: JsonObject = {};
      for (const [name, millis] of Object.entries(o.lookups as Record<string, number>)) {
        byTime[name] = await list(BigInt(millis));
      }
      // -2 and -1 are ListOffsets' earliest and latest.
      return { earliest: await list(-2n), latest: await list(-1n), byTime };
    });
  },

  idempotent: async (bootstrap, o) => {
    await produce(
      bootstrap,
      Array.from({ length: o.count }, (_, i) => ({ topic: o.topic, partition: 0, value: `i${i}` })),
      { idempotent: true },
    );
    const messages = await readAll(bootstrap, o.topic, o.count);
    return {
      consumed: messages.length,
      inOrder:
        messages.map((m) => m.value).join() === Array.from({ length: o.count }, (_, i) => `i${i}`).join(),
      firstOffset: messages.length ? Number(messages[0]!.offset) : -1,
      lastOffset: messages.length ? Number(messages[messages.length - 1]!.offset) : -1,
    };
  },

  // Sends v-0..v-(count-1) to partition 0 one every intervalMs with an idempotent acks=all
  // producer, retrying long enough to outlast a leader election, while the suite crashes the leader.
  'produce-acked': async (bootstrap, o) => {
    const producer = () =>
      new Producer({
        ...base(bootstrap),
        retries: 8,
        retryDelay: 250,
        serializers: stringSerializers,
        idempotent: true,
      });
    // One send at a time: concurrent sends are separate requests that a retry can reorder. The
    // client retries a send against the partition's old leader only (it does not look up the new
    // one on a connection error), so a send in flight when the leader crashes fails; it is sent
    // again by the same producer, whose sequence number for it is unchanged (the client advances
    // it only on success), so the broker drops the copy if the first attempt reached the log.
    // Apache Kafka takes a broker session timeout (9 s) and more to elect a new leader, so it keeps
    // trying for a minute. Should every attempt fail, the producer is replaced, so that the next
    // record does not inherit that sequence number and get dropped as a duplicate of this one.
    let current = producer();
    const delivered: boolean[] = [];
    try {
      for (let i = 0; i < o.count; i++) {
        let ok = false;
        const giveUp = Date.now() + 60_000;
        while (!ok && Date.now() < giveUp) {
          ok = await current
            .send({ messages: [{ topic: o.topic, partition: 0, value: `v-${i}` }], acks: -1 })
            .then(
              () => true,
              () => false,
            );
        }
        delivered.push(ok);
        if (!ok) {
          await current.close();
          current = producer();
        }
        await new Promise((resolve) => setTimeout(resolve, o.intervalMs));
      }
    } finally {
      await current.close();
    }
    return {
      acked: delivered.flatMap((ok, i) => (ok ? [i] : [])),
      failed: delivered.filter((ok) => !ok).length,
    };
  },

  transactions: async (bootstrap, o) => {
    await using(
      new Producer({
        ...base(bootstrap),
        serializers: stringSerializers,
        idempotent: true,
        transactionalId: o.transactionalId,
      }),
      async (p) => {
        for (const txn of o.transactions as { values: string[]; commit: boolean }[]) {
          const transaction = await p.beginTransaction();
          await transaction.send({
            messages: txn.values.map((value) => ({ topic: o.topic, partition: 0, value })),
          });
          await (txn.commit ? transaction.commit() : transaction.abort());
        }
      },
    );
    return {
      committed: valuesAndOffsets(await readAll(bootstrap, o.topic, o.committedCount, 1)),
      uncommitted: valuesAndOffsets(await readAll(bootstrap, o.topic, o.uncommittedCount, 0)),
    };
  },

  'consumer-group': async (bootstrap, o) => {
    await produce(
      bootstrap,
      Array.from({ length: o.count }, (_, i) => ({ topic: o.topic, partition: i % 2, value: `g${i}` })),
    );
    return consumeAndCommit(bootstrap, o, o.count);
  },

  'consumer-group-resume': (bootstrap, o) => consumeAndCommit(bootstrap, o, o.expected),
};

async function consumeAndCommit(
  bootstrap: string,
  o: Record<string, string>,
  count: number,
): Promise<JsonObject> {
  const messages = await consume(bootstrap, o.group!, o.topic!, count, { commit: true });
  const firstOffsets: JsonObject = {};
  for (const m of messages) firstOffsets[`${m.partition}`] ??= Number(m.offset);
  const [group] = await admin(bootstrap, (a) => a.listConsumerGroupOffsets({ groups: [o.group!] }));
  const partitions = group?.topics.find((t) => t.name === o.topic)?.partitions ?? [];
  return {
    consumed: messages.length,
    firstOffsets,
    committed: Object.fromEntries(
      partitions
        .filter((p) => p.committedOffset >= 0n)
        .map((p) => [`${p.partitionIndex}`, Number(p.committedOffset)]),
    ),
  };
}

export const platformaticClient: ClientDriver = {
  name: 'platformatic',
  programs: new Set(allPrograms),
  async availability() {
    return { ok: true, version: `@platformatic/kafka ${npmPackageVersion('@platformatic/kafka')}` };
  },
  step(program, bootstrap, options) {
    const step = steps[program];
    if (!step) throw new Error(`@platformatic/kafka has no step ${program}`);
    return step(bootstrap, options);
  },
};
