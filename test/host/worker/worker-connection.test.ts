import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../../../host/api/errors.js';
import type { BrowseOutput } from '../../../host/api/index.js';
import { WorkerConnection } from '../../../host/worker/worker-connection.js';
import type { FakeOptions } from '../fixtures/fake-connection.js';

const fakeModule = new URL('../fixtures/fake-connection.ts', import.meta.url);
const running: WorkerConnection[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});

async function start(options: FakeOptions = {}): Promise<WorkerConnection> {
  const connection = await WorkerConnection.start({ module: fakeModule, options, stopTimeoutMs: 5_000 });
  running.push(connection);
  return connection;
}

describe('a connection in a worker thread', () => {
  it("opens the connection module and reports the connection's info", async () => {
    const connection = await start();
    expect(connection.info).toMatchObject({ clusterId: 'fake-cluster', capabilities: { faults: true } });
    await expect(connection.call('topics.describe', { name: 'orders' })).resolves.toMatchObject({
      name: 'orders',
    });
  });

  it('rejects with the reason when the connection cannot open', async () => {
    await expect(
      WorkerConnection.start({ module: fakeModule, options: { failOnOpen: 'port 9092 is in use' } }),
    ).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'port 9092 is in use',
    });
  });

  it('answers LOCAL_ONLY for local-only features a remote connection lacks', async () => {
    const connection = await start({ remote: true });
    await expect(connection.call('faults.killBroker', { brokerId: 1 })).rejects.toMatchObject({
      code: 'LOCAL_ONLY',
      message: 'faults.killBroker is only available on the embedded cluster',
    });
  });

  it('tells when the worker dies by itself, and fails calls in flight', async () => {
    const connection = await start();
    const failure = new Promise<ApiError>((resolve) => connection.onFailure(resolve));
    // terminate() from outside stands in for a crash: the connection did not ask for it.
    await (connection as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(failure).resolves.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('stopped unexpectedly'),
    });
    await expect(connection.call('topics.list', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('stops gracefully: the connection closes and the thread ends', async () => {
    const connection = await start();
    await connection.stop();
    running.splice(running.indexOf(connection), 1);
    await expect(connection.call('topics.list', {})).rejects.toMatchObject({
      message: 'the connection was stopped',
    });
  });

  it("answers calls while the worker's thread is busy", async () => {
    // The worker spins 8 ms of every 10 ms; the host must not notice, and calls still answer.
    const connection = await start({ spinMs: 8, seedRecords: 100 });
    // Calls keep answering while the worker spins; the host's event-loop delay is a figure of
    // `npm run bench host`, not something a test can time reliably.
    for (let call = 0; call < 20; call++) {
      const page = (await connection.call('messages.browse', { topic: 'orders', limit: 10 })) as BrowseOutput;
      expect(page.records).toHaveLength(10);
    }
  });
});
