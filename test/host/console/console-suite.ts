/**
 * The console's operations end to end against a real cluster: the console service (input and
 * output checked against the contract) over the remote connection module, i.e. the wire client,
 * with the client properties of one listener (PLAINTEXT, SASL, TLS). Each test file brings its
 * cluster and calls the suite once per listener; names are prefixed so runs share one cluster.
 * The expectations are those of a one-broker cluster with node id 1.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ApiError,
  createConsoleApi,
  decodeBytes,
  type ConsoleApi,
  type EncodedBytes,
  type JobStatus,
  type MessageRecord,
} from '../../../host/api/index.js';
import { open } from '../../../host/console/remote-connection.js';
import { KafkaClient } from '../../../host/kafka-client/client.js';
import { clientOptions, type ClientProperties } from '../../../host/kafka-client/config.js';
import { GroupConsumer, type ConsumedRecord } from '../../../host/kafka-client/group-consumer.js';
import { ConsoleService } from '../../../host/service/console-service.js';
import { inProcessBackend } from '../fixtures/fake-service.js';

/** Where the suite connects: a listener's bootstrap and the client properties it needs. */
export interface ConsoleTarget {
  readonly bootstrap: string;
  readonly properties: ClientProperties;
}

const text = (data: string): EncodedBytes => ({ encoding: 'utf8', data });
const binary = (bytes: number[]): EncodedBytes => ({
  encoding: 'base64',
  data: Buffer.from(bytes).toString('base64'),
});
const valueText = (r: MessageRecord): string => Buffer.from(decodeBytes(r.value!)).toString('utf8');

export async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

/**
 * Reads until `ready` holds (or 10 s pass, then returns the last read for the test to report):
 * for what a cluster makes true shortly after answering, such as a new topic's leaderships.
 */
async function settled<T>(read: () => Promise<T>, ready: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (ready(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits for a job to end, through the progress stream. */
function jobEnd(api: ConsoleApi, jobId: string): Promise<JobStatus> {
  return new Promise((resolve, reject) => {
    const stop = api.jobs.onProgress(
      { jobId },
      (status) => {
        if (status.state === 'running') return;
        stop();
        resolve(status);
      },
      reject,
    );
  });
}

/**
 * Registers the suite's tests in the calling describe block. `target` is read once the cluster
 * is up (in beforeAll); `prefix` keeps this run's topics and groups apart from other runs'.
 */
export function consoleOperationsSuite(target: () => ConsoleTarget, prefix: string): void {
  const named = (name: string) => `${prefix}${name}`;
  let service: ConsoleService;
  let api: ConsoleApi;

  beforeAll(async () => {
    const { bootstrap, properties } = target();
    service = new ConsoleService();
    service.connections.add({
      id: 'remote',
      name: 'Remote cluster',
      kind: 'remote',
      bootstrap,
      capabilities: { faults: false, clusterEvents: false, brokerStates: false },
      start: async () => inProcessBackend(await open({ bootstrap, properties })),
    });
    api = createConsoleApi(service.transport());
  });
  afterAll(async () => {
    await service?.close();
  });

  it('creates, lists, describes, reconfigures, grows and deletes topics', async () => {
    const created = await api.topics.create({
      name: named('orders'),
      partitions: 3,
      replicationFactor: 1,
      configs: { 'retention.ms': '3600000', 'cleanup.policy': 'delete' },
    });
    expect(created).toMatchObject({ name: named('orders'), partitions: 3, replicationFactor: 1 });
    expect(created.topicId).toMatch(/^[\w-]{22}$/);

    const again = await failure(api.topics.create({ name: named('orders'), partitions: 1 }));
    expect(again.code).toBe('ALREADY_EXISTS');
    expect(again.kafka?.name).toBe('TOPIC_ALREADY_EXISTS');

    await api.messages.produce({ topic: named('orders'), key: text('k'), value: text('v'), partition: 1 });
    // Kafka's brokers apply a new topic's leaderships shortly after creating it; the list, which
    // asks for offsets once, shows no count until they have.
    const listed = await settled(
      async () => (await api.topics.list()).find((t) => t.name === named('orders'))!,
      (topic) => topic.messageCount !== null,
    );
    expect(listed).toMatchObject({
      partitions: 3,
      replicationFactor: 1,
      messageCount: 1,
      retentionMs: 3_600_000,
      cleanupPolicy: 'delete',
      underReplicatedPartitions: 0,
      offlinePartitions: 0,
      internal: false,
    });
    expect(listed.sizeBytes).toBeGreaterThan(0);
    expect((await api.topics.list()).some((t) => t.internal)).toBe(false);

    const described = await api.topics.describe({ name: named('orders') });
    expect(described.partitions.map((p) => [p.partition, p.leader, p.isr, p.highWatermark])).toEqual([
      [0, 1, [1], 0],
      [1, 1, [1], 1],
      [2, 1, [1], 0],
    ]);
    const retention = described.configs.find((c) => c.name === 'retention.ms')!;
    expect(retention).toMatchObject({ value: '3600000', source: 'topic', isDefault: false, type: 'long' });
    expect(retention.documentation).toBeTruthy();
    expect(described.configs.find((c) => c.name === 'segment.bytes')).toMatchObject({
      source: 'default',
      isDefault: true,
    });

    await api.topics.alterConfigs({
      name: named('orders'),
      set: { 'max.message.bytes': '200000' },
      delete: ['retention.ms'],
    });
    // The broker serves the altered config once it has applied the change from the metadata log.
    const altered = await settled(
      () => api.topics.describe({ name: named('orders') }),
      (topic) => topic.configs.find((c) => c.name === 'max.message.bytes')?.value === '200000',
    );
    expect(altered.configs.find((c) => c.name === 'max.message.bytes')).toMatchObject({
      value: '200000',
      source: 'topic',
    });
    expect(altered.configs.find((c) => c.name === 'retention.ms')?.source).not.toBe('topic');

    const bad = await failure(
      api.topics.alterConfigs({ name: named('orders'), set: { 'cleanup.policy': 'sometimes' } }),
    );
    expect(bad.code).toBe('KAFKA');
    expect(bad.kafka?.name).toBe('INVALID_CONFIG');

    expect(await api.topics.addPartitions({ name: named('orders'), count: 4 })).toEqual({
      name: named('orders'),
      partitions: 4,
    });
    const shrink = await failure(api.topics.addPartitions({ name: named('orders'), count: 2 }));
    expect(shrink.kafka?.name).toBe('INVALID_PARTITIONS');

    const records = await api.topics.deleteRecords({
      name: named('orders'),
      partitions: [{ partition: 1, beforeOffset: 'highWatermark' }],
    });
    expect(records).toEqual({ name: named('orders'), partitions: [{ partition: 1, lowWatermark: 1 }] });

    await api.topics.delete({ name: named('orders') });
    expect((await failure(api.topics.describe({ name: named('orders') }))).code).toBe('NOT_FOUND');
    expect((await failure(api.topics.delete({ name: named('orders') }))).code).toBe('NOT_FOUND');
    expect(
      (await failure(api.topics.create({ name: named('bad'), partitions: 1, replicationFactor: 3 }))).kafka
        ?.name,
    ).toBe('INVALID_REPLICATION_FACTOR');
  });

  it('produces one record with binary key, value and headers and reads it back whole', async () => {
    await api.topics.create({ name: named('single'), partitions: 2 });
    const key = binary([0xff, 0x00, 0xfe]);
    const sent = await api.messages.produce({
      topic: named('single'),
      key,
      value: text('héllo'),
      headers: [
        { key: 'trace', value: binary([1, 2, 3, 0xc3]) },
        { key: 'none', value: null },
      ],
      timestamp: 1_700_000_000_123,
      compression: 'zstd',
    });
    expect(sent).toMatchObject({ topic: named('single'), offset: 0, timestamp: 1_700_000_000_123 });
    const record = await api.messages.get({ topic: named('single'), partition: sent.partition, offset: 0 });
    expect(record).toMatchObject({
      key,
      value: text('héllo'),
      headers: [
        { key: 'trace', value: binary([1, 2, 3, 0xc3]) },
        { key: 'none', value: null },
      ],
      compression: 'zstd',
      timestamp: 1_700_000_000_123,
      timestampType: 'create-time',
      keySize: 3,
      valueSize: 6,
      truncated: false,
    });
    const missing = await failure(
      api.messages.get({ topic: named('single'), partition: sent.partition, offset: 5 }),
    );
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('the partition ends at 1');
    expect((await failure(api.messages.produce({ topic: named('nope'), value: text('x') }))).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await failure(api.messages.produce({ topic: named('single'), partition: 7, value: text('x') })))
        .message,
    ).toContain('has no partition 7');
  });

  it('browses pages in time order across partitions, both ways, with cursors, seeks and filters', async () => {
    await api.topics.create({ name: named('pages'), partitions: 3 });
    const base = 1_600_000_000_000;
    // 60 records, timestamps increasing, spread over the partitions by key; every 10th is JSON.
    for (let i = 0; i < 60; i++) {
      await api.messages.produce({
        topic: named('pages'),
        key: text(`key-${i % 7}`),
        value: text(
          i % 10 === 0 ? JSON.stringify({ order: { id: i, items: [{ sku: `s${i}` }] } }) : `value ${i}`,
        ),
        headers: i % 3 === 0 ? [{ key: 'kind', value: text(i % 2 === 0 ? 'even' : 'odd') }] : [],
        timestamp: base + i * 1000,
        compression: i % 2 ? 'gzip' : 'none',
      });
    }
    const collect = async (order: 'oldest-first' | 'newest-first') => {
      const seen: MessageRecord[] = [];
      let page = await api.messages.browse({
        topic: named('pages'),
        order,
        limit: 7,
        start: { from: order === 'oldest-first' ? 'oldest' : 'newest' },
      });
      seen.push(...page.records);
      while (!page.atEnd) {
        page = await api.messages.browse({ topic: named('pages'), order, limit: 7, cursor: page.cursor });
        seen.push(...page.records);
      }
      return { seen, last: page };
    };
    const forward = await collect('oldest-first');
    expect(forward.seen.map((r) => r.timestamp)).toEqual(
      Array.from({ length: 60 }, (_, i) => base + i * 1000),
    );
    expect(forward.last.partitions.reduce((n, p) => n + p.highWatermark, 0)).toBe(60);
    const backward = await collect('newest-first');
    expect(backward.seen.map((r) => r.timestamp)).toEqual(
      Array.from({ length: 60 }, (_, i) => base + (59 - i) * 1000),
    );

    const fromTime = await api.messages.browse({
      topic: named('pages'),
      start: { from: 'timestamp', timestamp: base + 55_000 },
    });
    expect(fromTime.records.map(valueText)).toEqual([
      'value 55',
      'value 56',
      'value 57',
      'value 58',
      'value 59',
    ]);
    expect(fromTime.atEnd).toBe(true);
    // Newest first from a time reads the records stamped at or before it, backward.
    const upToTime = await api.messages.browse({
      topic: named('pages'),
      order: 'newest-first',
      start: { from: 'timestamp', timestamp: base + 3_000 },
    });
    expect(upToTime.records.map((r) => r.timestamp - base)).toEqual([3_000, 2_000, 1_000, 0]);
    const betweenRecords = await api.messages.browse({
      topic: named('pages'),
      order: 'newest-first',
      start: { from: 'timestamp', timestamp: base + 2_500 },
    });
    expect(betweenRecords.records.map((r) => r.timestamp - base)).toEqual([2_000, 1_000, 0]);

    const p0 = forward.seen.filter((r) => r.partition === 0);
    const fromOffset = await api.messages.browse({
      topic: named('pages'),
      partitions: [0],
      start: { from: 'offset', offset: 2 },
      limit: 3,
    });
    expect(fromOffset.records.map((r) => r.offset)).toEqual([2, 3, 4]);
    const below = await api.messages.browse({
      topic: named('pages'),
      partitions: [0],
      order: 'newest-first',
      start: { from: 'offset', offset: 2 },
    });
    expect(below.records.map((r) => r.offset)).toEqual([2, 1, 0]);
    expect(below.records[0]).toEqual(p0[2]);

    const contains = await api.messages.browse({
      topic: named('pages'),
      filter: { value: { op: 'contains', text: 'VALUE 1' } },
    });
    expect(contains.records.map(valueText)).toEqual(
      ['value 1', ...Array.from({ length: 9 }, (_, i) => `value ${11 + i}`)].filter((v) => v !== 'value 10'),
    );
    expect(contains.scanned).toBe(60);
    const json = await api.messages.browse({
      topic: named('pages'),
      filter: {
        value: { op: 'jsonPath', path: '$.order.items[*].sku', test: { op: 'regex', pattern: '^s[24]0$' } },
      },
    });
    expect(json.records.map((r) => JSON.parse(valueText(r)).order.id)).toEqual([20, 40]);
    const header = await api.messages.browse({
      topic: named('pages'),
      filter: {
        headers: [{ key: 'kind', value: { op: 'equals', text: 'odd' } }],
        key: { op: 'regex', pattern: '-[0-3]$' },
      },
    });
    expect(
      header.records.every((r) => r.headers.some((h) => h.key === 'kind' && h.value?.data === 'odd')),
    ).toBe(true);
    expect(header.records.length).toBeGreaterThan(0);
    const limited = await api.messages.browse({
      topic: named('pages'),
      filter: { value: { op: 'equals', text: 'value 59' } },
      maxScan: 10,
    });
    expect(limited).toMatchObject({ records: [], scanned: 10, atEnd: false });

    const cut = await api.messages.browse({ topic: named('pages'), limit: 1, maxValueBytes: 4 });
    expect(cut.records[0]).toMatchObject({ truncated: true });
    expect(cut.records[0]!.value!.data.length).toBeLessThanOrEqual(4);

    const badCursor = await failure(api.messages.browse({ topic: named('pages'), cursor: 'nonsense' }));
    expect(badCursor.code).toBe('INVALID_INPUT');
    expect((await failure(api.messages.browse({ topic: named('absent') }))).code).toBe('NOT_FOUND');
    expect(
      (await failure(api.messages.browse({ topic: named('pages'), partitions: [9] }))).message,
    ).toContain('has no partition 9');
  });

  it('runs filtered scans as jobs with progress, a match limit, and cancel', async () => {
    await api.topics.create({ name: named('scan'), partitions: 2 });
    const job = await api.messages.produceTemplate({
      topic: named('scan'),
      count: 3000,
      key: 'k{{seq}}',
      value: '{"n":{{seq}},"color":"{{random.pick(red,green,blue)}}"}',
      seed: 42,
    });
    const produced = await jobEnd(api, job.jobId);
    expect(produced.state).toBe('done');
    expect(produced.result).toMatchObject({ kind: 'produce', produced: 3000 });

    const scan = await api.messages.scan({
      topic: named('scan'),
      filter: { value: { op: 'jsonPath', path: '$.n', test: { op: 'regex', pattern: '^\\d*7$' } } },
    });
    const scanned = await jobEnd(api, scan.jobId);
    expect(scanned.result).toEqual({ kind: 'scan', scanned: 3000, matched: 300, limitReached: false });
    expect(scanned.progress.records).toBe(3000);
    const results = await api.messages.scanResults({ jobId: scan.jobId, limit: 1000 });
    expect(results.total).toBe(300);
    expect(new Set(results.records.map((r) => JSON.parse(valueText(r)).n % 10))).toEqual(new Set([7]));

    const limited = await api.messages.scan({
      topic: named('scan'),
      filter: { value: { op: 'contains', text: 'red' } },
      maxMatches: 5,
    });
    const limitedEnd = await jobEnd(api, limited.jobId);
    expect(limitedEnd.result).toMatchObject({ kind: 'scan', matched: 5, limitReached: true });

    const slow = await api.messages.produceTemplate({
      topic: named('scan'),
      count: 1000,
      value: 'slow {{seq}}',
      ratePerSecond: 50,
    });
    await api.jobs.cancel({ jobId: slow.jobId });
    expect((await jobEnd(api, slow.jobId)).state).toBe('cancelled');

    const badTemplate = await failure(
      api.messages
        .produceTemplate({ topic: named('scan'), count: 1, value: '{{random.int(5,1)}}' })
        .then((j) => jobEnd(api, j.jobId))
        .then((s) => {
          throw new ApiError(s.error!.code, s.error!.message);
        }),
    );
    expect(badTemplate.message).toContain('MIN is larger than MAX');
  });

  it('tails new records as they arrive, filtered', async () => {
    await api.topics.create({ name: named('live'), partitions: 2 });
    await api.messages.produce({ topic: named('live'), value: text('before') });
    const got: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const stop = api.messages.onTail(
        { topic: named('live'), filter: { value: { op: 'contains', text: 'keep' } } },
        (event) => {
          got.push(...event.records.map(valueText));
          if (got.length >= 3) {
            stop();
            resolve();
          }
        },
        reject,
      );
    });
    // The tail starts at the end when it subscribes: produce until it has seen three matches.
    let n = 0;
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      await api.messages.produce({ topic: named('live'), value: text(n % 2 ? 'drop' : `keep ${n}`) });
      n++;
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    expect(got.length).toBeGreaterThanOrEqual(3);
    expect(got.every((v) => v.startsWith('keep '))).toBe(true);
  });

  it('describes groups with lag and owners, resets offsets only when empty, deletes them', async () => {
    await api.topics.create({ name: named('work'), partitions: 3 });
    const job = await api.messages.produceTemplate({
      topic: named('work'),
      count: 30,
      key: 'k{{seq}}',
      value: 'v{{seq}}',
      seed: 1,
    });
    await jobEnd(api, job.jobId);
    const client = new KafkaClient(clientOptions(target().bootstrap, target().properties, process.env));
    const consumer = new GroupConsumer(client, {
      groupId: named('workers'),
      topics: [named('work')],
      autoOffsetReset: 'earliest',
      heartbeatIntervalMs: 500,
    });
    try {
      // Read everything, then mark the first 4 records of each partition consumed: lag 30 - 12.
      const all: ConsumedRecord[] = [];
      while (all.length < 30) all.push(...(await consumer.poll()));
      consumer.markConsumed([0, 1, 2].flatMap((p) => all.filter((r) => r.partition === p).slice(0, 4)));
      await consumer.commit();
      const described = await api.groups.describe({ groupId: named('workers') });
      expect(described).toMatchObject({
        state: 'Stable',
        protocolType: 'consumer',
        protocol: 'range',
        coordinator: 1,
        totalLag: 18,
      });
      expect(described.members).toHaveLength(1);
      expect(described.members[0]!.assignments).toEqual([{ topic: named('work'), partitions: [0, 1, 2] }]);
      expect(described.offsets.every((o) => o.member === described.members[0]!.memberId)).toBe(true);
      expect(described.offsets.reduce((n, o) => n + (o.logEndOffset - (o.committedOffset ?? 0)), 0)).toBe(18);

      const listed = (await api.groups.list()).find((g) => g.groupId === named('workers'));
      expect(listed).toMatchObject({ state: 'Stable', members: 1, protocolType: 'consumer', totalLag: 18 });

      const refused = await failure(
        api.groups.resetOffsets({ groupId: named('workers'), target: { to: 'earliest' } }),
      );
      expect(refused.kafka?.name).toBe('NON_EMPTY_GROUP');
      expect(refused.message).toContain('stop its consumers first');
      expect((await failure(api.groups.delete({ groupId: named('workers') }))).kafka?.name).toBe(
        'NON_EMPTY_GROUP',
      );

      const series = await api.groups.lagSeries({ groupId: named('workers') });
      expect(series.intervalMs).toBe(1000);
      expect(series.samples.at(-1)?.totalLag).toBe(18);
    } finally {
      await consumer.close();
      await client.close();
    }
    const dry = await api.groups.resetOffsets({
      groupId: named('workers'),
      target: { to: 'earliest' },
      dryRun: true,
    });
    expect(dry.dryRun).toBe(true);
    expect(dry.offsets.every((o) => o.newOffset === 0)).toBe(true);
    expect((await api.groups.describe({ groupId: named('workers') })).totalLag).toBe(18);

    const shifted = await api.groups.resetOffsets({
      groupId: named('workers'),
      topic: named('work'),
      partitions: [0],
      target: { to: 'shift', by: -1000 },
    });
    expect(shifted.offsets).toEqual([
      { topic: named('work'), partition: 0, previousOffset: expect.any(Number), newOffset: 0 },
    ]);
    await api.groups.resetOffsets({ groupId: named('workers'), target: { to: 'latest' } });
    expect((await api.groups.describe({ groupId: named('workers') })).totalLag).toBe(0);
    const byTime = await api.groups.resetOffsets({
      groupId: named('workers'),
      topic: named('work'),
      target: { to: 'timestamp', timestamp: 0 },
    });
    expect(byTime.offsets.map((o) => o.newOffset)).toEqual([0, 0, 0]);
    const described = await api.groups.describe({ groupId: named('workers') });
    expect(described).toMatchObject({ state: 'Empty', members: [], totalLag: 30 });

    await api.groups.delete({ groupId: named('workers') });
    expect((await failure(api.groups.describe({ groupId: named('workers') }))).code).toBe('NOT_FOUND');
  });

  it('gives a snapshot of brokers and partitions, and says local-only features are local-only', async () => {
    const snapshot = await api.cluster.snapshot();
    expect(snapshot.brokers).toEqual([
      expect.objectContaining({ id: 1, state: 'up', isController: true, host: '127.0.0.1' }),
    ]);
    expect(snapshot.partitions.some((p) => p.topic === '__consumer_offsets')).toBe(true);
    expect(snapshot.offlinePartitions).toBe(0);
    expect((await failure(api.faults.killBroker({ brokerId: 1 }))).code).toBe('LOCAL_ONLY');
  });
}
