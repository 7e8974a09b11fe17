/**
 * The embedded cluster in its worker thread, through the console service: the contract's methods
 * work against the real engine (consumer groups and every fault of the cluster included), and a
 * busy cluster does not stall the host's event loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../host/api/index.js';
import { KafkaClient } from '../../../host/kafka-client/client.js';
import { GroupConsumer, type ConsumedRecord } from '../../../host/kafka-client/group-consumer.js';
import { ConsoleService } from '../../../host/service/console-service.js';
import { embeddedConnection } from '../../../host/worker/embedded-connection.js';
import { waitFor } from '../../engine/cluster/helpers.js';

let dir: string;
let service: ConsoleService;

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freeBasePort(count: number): Promise<number> {
  for (let base = 20_000 + Math.floor(Math.random() * 20_000); ; base += count) {
    if ((await Promise.all(Array.from({ length: count }, (_, i) => canListen(base + i)))).every(Boolean))
      return base;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-embedded-'));
  service = new ConsoleService();
  service.connections.add(
    embeddedConnection({ dataDir: dir, brokers: 3, host: '127.0.0.1', basePort: await freeBasePort(3) }),
  );
  await service.connections.backend();
}, 60_000);
afterAll(async () => {
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the embedded cluster in a worker thread', () => {
  it('answers the contract from the real engine', async () => {
    const active = await service.call('connections.active', {});
    expect(active).toMatchObject({ kind: 'embedded', status: 'ready', capabilities: { faults: true } });
    const snapshot = await service.call('cluster.snapshot', {});
    expect(snapshot.brokers.map((b) => b.state)).toEqual(['up', 'up', 'up']);
    await service.call('topics.create', { name: 'orders', partitions: 3, replicationFactor: 3 });
    const sent = await service.call('messages.produce', {
      topic: 'orders',
      partition: 1,
      key: { encoding: 'utf8', data: 'k1' },
      value: { encoding: 'base64', data: '/wAB' },
      headers: [{ key: 'trace', value: { encoding: 'utf8', data: 'abc' } }],
    });
    expect(sent).toMatchObject({ topic: 'orders', partition: 1, offset: 0 });
    const record = await service.call('messages.get', { topic: 'orders', partition: 1, offset: 0 });
    expect(record).toMatchObject({
      key: { encoding: 'utf8', data: 'k1' },
      value: { encoding: 'base64', data: '/wAB' },
      headers: [{ key: 'trace', value: { encoding: 'utf8', data: 'abc' } }],
    });
    // Each broker counts the bytes its clients sent and read; the produce above moved some.
    const bytesIn = (s: typeof snapshot) => s.brokers.reduce((n, b) => n + (b.traffic?.bytesIn ?? 0), 0);
    const counted = await service.call('cluster.snapshot', {});
    expect(counted.brokers.every((b) => b.traffic !== undefined)).toBe(true);
    expect(bytesIn(counted)).toBeGreaterThan(bytesIn(snapshot));
    const fault = await service.call('faults.isolateBroker', { brokerId: 2, from: 'clients' });
    expect((await service.call('cluster.snapshot', {})).brokers[1]).toMatchObject({ state: 'isolated' });
    await expect(service.call('faults.heal', { faultId: fault.id })).resolves.toEqual({ healed: [fault] });
  });

  it("browses the engine's logs both ways, from a time, with filters, decoding compressed batches", async () => {
    await service.call('topics.create', { name: 'pages', partitions: 2, replicationFactor: 3 });
    const base = 1_700_000_000_000;
    const codecs = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
    for (let i = 0; i < 20; i++)
      await service.call('messages.produce', {
        topic: 'pages',
        partition: i % 2,
        key: { encoding: 'utf8', data: `user-${i}` },
        value: { encoding: 'utf8', data: JSON.stringify({ n: i, user: { id: `u${i % 4}` } }) },
        headers: i % 5 === 0 ? [{ key: 'kind', value: { encoding: 'utf8', data: 'fifth' } }] : [],
        timestamp: base + i * 1000,
        compression: codecs[i % codecs.length],
      });
    const n = (records: { value: { data: string } | null }[]) =>
      records.map((r) => (JSON.parse(r.value!.data) as { n: number }).n);

    const oldest = await service.call('messages.browse', { topic: 'pages', limit: 5 });
    expect(n(oldest.records)).toEqual([0, 1, 2, 3, 4]);
    expect(oldest.records.map((r) => r.compression)).toEqual([...codecs]);
    const next = await service.call('messages.browse', { topic: 'pages', limit: 5, cursor: oldest.cursor });
    expect(n(next.records)).toEqual([5, 6, 7, 8, 9]);
    const newest = await service.call('messages.browse', {
      topic: 'pages',
      order: 'newest-first',
      start: { from: 'newest' },
      limit: 3,
    });
    expect(n(newest.records)).toEqual([19, 18, 17]);
    const fromTime = await service.call('messages.browse', {
      topic: 'pages',
      start: { from: 'timestamp', timestamp: base + 15_500 },
    });
    expect(n(fromTime.records)).toEqual([16, 17, 18, 19]);

    const filtered = await service.call('messages.browse', {
      topic: 'pages',
      filter: {
        value: { op: 'jsonPath', path: '$.user.id', test: { op: 'equals', text: 'u0' } },
        key: { op: 'regex', pattern: '-1?[02468]$' },
        headers: [{ key: 'kind' }],
      },
    });
    // u0 is every 4th record, a "kind" header every 5th: 0 and 20 would match, 20 does not exist.
    expect(n(filtered.records)).toEqual([0]);
    const contains = await service.call('messages.browse', {
      topic: 'pages',
      filter: { value: { op: 'contains', text: '"N":1', caseSensitive: false } },
    });
    expect(n(contains.records).sort((a, b) => a - b)).toEqual([1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('describes, resets and deletes a consumer group of the embedded cluster', async () => {
    await service.call('topics.create', { name: 'work', partitions: 3, replicationFactor: 3 });
    for (let i = 0; i < 30; i++)
      await service.call('messages.produce', {
        topic: 'work',
        partition: i % 3,
        value: { encoding: 'utf8', data: `v${i}` },
      });
    const client = new KafkaClient({ bootstrap: (await service.call('connections.active', {})).bootstrap });
    const consumer = new GroupConsumer(client, {
      groupId: 'workers',
      topics: ['work'],
      autoOffsetReset: 'earliest',
      heartbeatIntervalMs: 500,
    });
    try {
      // Read everything, commit the first 4 records of each partition: lag 30 - 12.
      const all: ConsumedRecord[] = [];
      while (all.length < 30) all.push(...(await consumer.poll()));
      consumer.markConsumed([0, 1, 2].flatMap((p) => all.filter((r) => r.partition === p).slice(0, 4)));
      await consumer.commit();
      expect(await service.call('groups.list', {})).toEqual([
        expect.objectContaining({ groupId: 'workers', state: 'Stable', members: 1, totalLag: 18 }),
      ]);
      const described = await service.call('groups.describe', { groupId: 'workers' });
      expect(described).toMatchObject({ state: 'Stable', totalLag: 18 });
      expect(described.members[0]?.assignments).toEqual([{ topic: 'work', partitions: [0, 1, 2] }]);
      expect((await service.call('groups.lagSeries', { groupId: 'workers' })).samples.at(-1)?.totalLag).toBe(
        18,
      );
      await expect(
        service.call('groups.resetOffsets', { groupId: 'workers', target: { to: 'earliest' } }),
      ).rejects.toMatchObject({ code: 'KAFKA', kafka: { name: 'NON_EMPTY_GROUP' } });
    } finally {
      await consumer.close();
      await client.close();
    }
    const reset = await service.call('groups.resetOffsets', { groupId: 'workers', target: { to: 'latest' } });
    expect(reset.offsets.map((o) => o.newOffset)).toEqual([10, 10, 10]);
    expect((await service.call('groups.describe', { groupId: 'workers' })).totalLag).toBe(0);
    await expect(service.call('groups.delete', { groupId: 'workers' })).resolves.toEqual({
      groupId: 'workers',
    });
    await expect(service.call('groups.describe', { groupId: 'workers' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  }, 60_000);

  it('injects every fault of the cluster issue through the API, lists them, and heals them', async () => {
    const snapshot = () => service.call('cluster.snapshot', {});
    const stop = await service.call('faults.stopBroker', { brokerId: 3 });
    expect(stop).toMatchObject({ kind: 'stop', brokerId: 3 });
    // A graceful stop moves leadership away before the broker goes down.
    const stopped = await snapshot();
    expect(stopped.brokers[2]).toMatchObject({ state: 'down' });
    expect(stopped.partitions.filter((p) => p.topic === 'orders').map((p) => p.leader)).not.toContain(3);
    await expect(service.call('faults.stopBroker', { brokerId: 3 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(service.call('faults.startBroker', { brokerId: 3 })).resolves.toEqual({ healed: [stop] });
    await waitFor(async () => (await snapshot()).brokers[2]?.state === 'up', { timeoutMs: 20_000 });

    const injected = [
      await service.call('faults.isolateBroker', { brokerId: 1, from: 'brokers' }),
      await service.call('faults.isolateBroker', { brokerId: 2 }),
      await service.call('faults.dropTraffic', { brokerId: 1, peerId: 3, rate: 0.5 }),
      await service.call('faults.delayTraffic', { brokerId: 3, ms: 20 }),
      await service.call('faults.slowDisk', { brokerId: 3, ms: 5 }),
      await service.call('faults.fillDisk', { brokerId: 3 }),
    ];
    expect(injected.map((f) => [f.kind, f.brokerId])).toEqual([
      ['isolate', 1],
      ['isolate', 2],
      ['loss', 1],
      ['delay', 3],
      ['slow-disk', 3],
      ['full-disk', 3],
    ]);
    const cut = await snapshot();
    expect(cut.brokers.map((b) => [b.state, b.isolatedFrom])).toEqual([
      ['isolated', 'brokers'],
      ['isolated', 'all'],
      ['up', null],
    ]);
    expect(await service.call('faults.list', {})).toEqual(injected);
    await expect(service.call('faults.killBroker', { brokerId: 9 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const events: { type: string; fault?: { id: string } }[] = [];
    const unsubscribe = service.subscribe(
      'cluster.events',
      { afterSeq: 0 },
      (e) => events.push(e as (typeof events)[number]),
      () => {},
    );
    const { healed } = await service.call('faults.healAll', {});
    expect(healed.map((f) => f.id).sort()).toEqual(injected.map((f) => f.id).sort());
    // Every injection and every heal is an event on the stream (the recent ones replayed first).
    const seen = (type: string, id: string) => events.some((e) => e.type === type && e.fault?.id === id);
    await waitFor(() => injected.every((f) => seen('fault-healed', f.id)));
    unsubscribe();
    for (const f of injected) expect(seen('fault-injected', f.id), f.summary).toBe(true);
    expect(await service.call('faults.list', {})).toEqual([]);
    expect((await snapshot()).brokers.map((b) => [b.state, b.isolatedFrom])).toEqual([
      ['up', null],
      ['up', null],
      ['up', null],
    ]);
  }, 60_000);

  it('answers API calls while the cluster takes a produce run', async () => {
    const { jobId } = await service.call('messages.produceTemplate', {
      topic: 'orders',
      count: 1_000_000,
      value: '{"n":{{seq}},"pad":"{{random.string(400)}}"}',
      acks: 'all',
    });
    // The host thread only relays: snapshots keep answering while the worker is saturated by the
    // job (the event-loop delay itself is a figure of `npm run bench host`). Keep asking until
    // the run has really started sending and 20 calls were answered during it.
    let answeredWhileRunning = 0;
    let status: JobStatus;
    do {
      await service.call('cluster.snapshot', {});
      status = await service.call('jobs.status', { jobId });
      if (status.state === 'running') answeredWhileRunning++;
    } while (status.state === 'running' && (answeredWhileRunning < 20 || status.progress.records === 0));
    await service.call('jobs.cancel', { jobId });
    expect(status.state).toBe('running');
    expect(answeredWhileRunning).toBeGreaterThanOrEqual(20);
    expect(status.progress.records).toBeGreaterThan(0);
  }, 30_000);
});
