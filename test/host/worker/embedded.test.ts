/**
 * The embedded cluster in its worker thread, through the console service: the contract's methods
 * work against the real engine, and a busy cluster does not stall the host's event loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../host/api/index.js';
import { ConsoleService } from '../../../host/service/console-service.js';
import { embeddedConnection } from '../../../host/worker/embedded-connection.js';

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
    const fault = await service.call('faults.isolateBroker', { brokerId: 2, from: 'clients' });
    expect((await service.call('cluster.snapshot', {})).brokers[1]).toMatchObject({ state: 'isolated' });
    await expect(service.call('faults.heal', { faultId: fault.id })).resolves.toEqual({ healed: [fault] });
  });

  it('answers API calls while the cluster takes a produce run', async () => {
    const { jobId } = await service.call('messages.produceTemplate', {
      topic: 'orders',
      count: 1_000_000,
      value: '{"n":{{seq}},"pad":"{{random.string(400)}}"}',
      acks: 'all',
    });
    // The host thread only relays: snapshots keep answering while the worker is saturated by the
    // job (the event-loop delay itself is a figure of `npm run bench host`).
    let answeredWhileRunning = 0;
    let status: JobStatus;
    do {
      await service.call('cluster.snapshot', {});
      status = await service.call('jobs.status', { jobId });
      if (status.state === 'running') answeredWhileRunning++;
    } while (status.state === 'running' && answeredWhileRunning < 20);
    await service.call('jobs.cancel', { jobId });
    expect(answeredWhileRunning).toBe(20);
    expect(status.progress.records).toBeGreaterThan(0);
  }, 30_000);
});
