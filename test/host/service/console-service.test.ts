import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  createConsoleApi,
  methodNames,
  streamNames,
  type Connection,
  type JobStatus,
} from '../../../host/api/index.js';
import { ConsoleService } from '../../../host/service/console-service.js';
import { open } from '../fixtures/fake-connection.js';
import { fakeService, inProcessBackend } from '../fixtures/fake-service.js';
import { methodSamples, streamSamples } from '../api/samples.js';

const services: ConsoleService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

function service(...args: Parameters<typeof fakeService>): ConsoleService {
  const s = fakeService(...args);
  services.push(s);
  return s;
}

function nextEvent<T>(
  s: ConsoleService,
  stream: string,
  args: unknown,
  match: (e: T) => boolean = () => true,
) {
  return new Promise<T>((resolve, reject) => {
    const stop = s.subscribe(
      stream,
      args,
      (e) => {
        if (!match(e as T)) return;
        stop();
        resolve(e as T);
      },
      reject,
    );
  });
}

describe('ConsoleService.dispatch', () => {
  for (const name of methodNames) {
    it(`${name}: good input is accepted, bad input is refused naming the field`, async () => {
      const s = service({ seedRecords: 5 });
      for (const input of methodSamples[name].good) {
        const answer = await s.dispatch(name, input);
        if (!answer.ok)
          expect(answer.error.code, `${JSON.stringify(input)}: ${answer.error.message}`).not.toMatch(
            /INVALID_INPUT|INTERNAL|UNKNOWN_METHOD/,
          );
      }
      for (const { input, field } of methodSamples[name].bad) {
        const answer = await s.dispatch(name, input);
        expect(answer.ok).toBe(false);
        if (answer.ok) continue;
        expect(answer.error.code).toBe('INVALID_INPUT');
        expect(answer.error.message).toContain(field);
        expect(answer.error.issues?.length).toBeGreaterThan(0);
      }
    });
  }

  it('answers an unknown method with UNKNOWN_METHOD, inherited names included', async () => {
    const s = service();
    for (const name of ['topics.nope', 'toString', '__proto__', 'constructor']) {
      const answer = await s.dispatch(name, {});
      expect(answer).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
  });

  it('does what was asked, end to end: create, produce, browse, get', async () => {
    const api = createConsoleApi(service().transport());
    await api.topics.create({ name: 'payments', partitions: 2 });
    const sent = await api.messages.produce({
      topic: 'payments',
      partition: 1,
      key: { encoding: 'utf8', data: 'k' },
      value: { encoding: 'utf8', data: '{"amount":5}' },
    });
    expect(sent).toMatchObject({ topic: 'payments', partition: 1, offset: 0 });
    const page = await api.messages.browse({ topic: 'payments' });
    expect(page.records.map((r) => r.value)).toEqual([{ encoding: 'utf8', data: '{"amount":5}' }]);
    await expect(api.messages.get({ topic: 'payments', partition: 1, offset: 0 })).resolves.toMatchObject({
      offset: 0,
    });
    await expect(api.topics.create({ name: 'payments' })).rejects.toMatchObject({
      code: 'KAFKA',
      kafka: { name: 'TOPIC_ALREADY_EXISTS' },
    });
  });

  it('checks outputs against the contract and reports a malformed one as INTERNAL', async () => {
    const answer = await service({ malformed: 'topics.list' }).dispatch('topics.list', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!answer.ok)
      expect(answer.error.message).toMatch(/^topics\.list produced a result outside the contract/);
  });

  it('says LOCAL_ONLY for faults and the event stream on a remote cluster', async () => {
    const s = service({ remote: true });
    await expect(s.call('faults.killBroker', { brokerId: 1 })).rejects.toMatchObject({ code: 'LOCAL_ONLY' });
    await expect(s.call('connections.capabilities', {})).resolves.toEqual({
      faults: false,
      clusterEvents: false,
      brokerStates: false,
    });
    await expect(nextEvent(s, 'cluster.events', {})).rejects.toMatchObject({ code: 'LOCAL_ONLY' });
  });

  it('reports an embedded cluster that could not start as UNAVAILABLE with the reason', async () => {
    const s = service({ failOnOpen: 'port 9092 is already in use' });
    await expect(s.call('topics.list', {})).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'the embedded cluster is not running: port 9092 is already in use',
    });
    const [connection] = await s.call('connections.list', {});
    expect(connection).toMatchObject({
      status: 'failed',
      error: 'port 9092 is already in use',
      active: true,
    });
  });

  it('passes cancellation on: an aborted call is CANCELLED', async () => {
    const controller = new AbortController();
    controller.abort();
    const answer = await service().dispatch('topics.list', {}, { signal: controller.signal });
    expect(answer).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });
});

describe('ConsoleService streams', () => {
  it('refuses unknown streams and bad args through onError', async () => {
    const s = service();
    await expect(nextEvent(s, 'nope.stream', {})).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    for (const name of streamNames) {
      for (const { input, field } of streamSamples[name].bad) {
        const error = await nextEvent(s, name, input).catch((e: ApiError) => e);
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).message).toContain(field);
      }
    }
  });

  it('tails what is produced', async () => {
    const s = service();
    const tailed = nextEvent<{ records: { value: unknown }[] }>(s, 'messages.tail', { topic: 'orders' });
    // The subscription reaches the connection asynchronously: produce until the tail sees it.
    let seen = false;
    void tailed.then(() => (seen = true));
    while (!seen) {
      await s.call('messages.produce', { topic: 'orders', value: { encoding: 'utf8', data: 'live' } });
      await new Promise((r) => setTimeout(r, 5));
    }
    await expect(tailed).resolves.toMatchObject({ records: [{ value: { data: 'live' } }] });
  });

  it('replays recent cluster events and then delivers new ones', async () => {
    const s = service();
    const fault = await s.call('faults.killBroker', { brokerId: 2 });
    const replayed = await nextEvent<{ type: string; fault: { id: string } }>(s, 'cluster.events', {
      afterSeq: 0,
    });
    expect(replayed).toMatchObject({ type: 'fault-injected', fault: { id: fault.id } });
    const healed = nextEvent<{ type: string }>(s, 'cluster.events', {}, (e) => e.type === 'fault-healed');
    await new Promise((r) => setTimeout(r, 10));
    await s.call('faults.healAll', {});
    await expect(healed).resolves.toMatchObject({ type: 'fault-healed' });
  });

  it('announces the active connection at once and when its status changes', async () => {
    const s = service();
    const first = await nextEvent<Connection>(s, 'connections.changes', {});
    expect(first).toMatchObject({ id: 'embedded', kind: 'embedded', active: true });
  });

  it('starts a failed connection again when it is selected, announcing each status', async () => {
    const s = service({ failOnOpen: 'disk full' });
    await expect(s.call('topics.list', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const statuses: string[] = [];
    const failedAgain = new Promise<void>((resolve) => {
      s.subscribe(
        'connections.changes',
        {},
        (c) => {
          statuses.push((c as Connection).status);
          if (statuses.length > 1 && (c as Connection).status === 'failed') resolve();
        },
        () => {},
      );
    });
    await new Promise((r) => setTimeout(r, 5));
    await s.call('connections.select', { id: 'embedded' });
    await failedAgain;
    expect(statuses).toEqual(['failed', 'starting', 'failed']);
    await expect(s.call('connections.select', { id: 'elsewhere' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('jobs', () => {
  it('runs a filtered scan: progress, matches by index, a final result', async () => {
    const s = service({ seedRecords: 30 });
    const { jobId } = await s.call('messages.scan', {
      topic: 'orders',
      filter: { value: { op: 'contains', text: '1' } },
    });
    const done = await nextEvent<JobStatus>(s, 'jobs.progress', { jobId }, (j) => j.state !== 'running');
    // "order 1", "order 10".."order 19", "order 21"
    expect(done).toMatchObject({
      kind: 'scan',
      state: 'done',
      title: 'scan orders for value contains "1"',
      result: { kind: 'scan', scanned: 30, matched: 12, limitReached: false },
      progress: { records: 30, matched: 12, percent: 100 },
    });
    const all = await s.call('messages.scanResults', { jobId, limit: 100 });
    expect(all.records.map((r) => r.value?.data).sort()).toEqual(
      ['order 1', 'order 21', ...Array.from({ length: 10 }, (_, i) => `order 1${i}`)].sort(),
    );
    const page = await s.call('messages.scanResults', { jobId, from: 10, limit: 5 });
    expect(page).toMatchObject({ total: 12, done: true });
    expect(page.records).toEqual(all.records.slice(10));
  });

  it('cancels a running scan', async () => {
    const s = service({ seedRecords: 200, scanDelayMs: 5 });
    const { jobId } = await s.call('messages.scan', {
      topic: 'orders',
      filter: { value: { op: 'contains', text: 'order' } },
    });
    await nextEvent<JobStatus>(s, 'jobs.progress', { jobId }, (j) => (j.progress.matched ?? 0) > 0);
    const cancelled = await s.call('jobs.cancel', { jobId });
    expect(cancelled.state).toBe('cancelled');
    const { total } = await s.call('messages.scanResults', { jobId });
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(200);
    await expect(s.call('jobs.status', { jobId })).resolves.toMatchObject({
      state: 'cancelled',
      result: null,
    });
  });

  it('stops a scan early when its matches outgrow the byte budget', async () => {
    const s = service({ seedRecords: 100 }, { scanBudgetBytes: 4_000 });
    const { jobId } = await s.call('messages.scan', {
      topic: 'orders',
      filter: { value: { op: 'contains', text: 'order' } },
    });
    const done = await nextEvent<JobStatus>(s, 'jobs.progress', { jobId }, (j) => j.state !== 'running');
    expect(done.state).toBe('done');
    expect(done.result).toMatchObject({ kind: 'scan', limitReached: true });
    expect((await s.call('messages.scanResults', { jobId })).total).toBeLessThan(100);
  });

  it('produces from a template as a job and says where the records went', async () => {
    const s = service();
    const { jobId } = await s.call('messages.produceTemplate', {
      topic: 'orders',
      count: 3,
      value: 'n={{seq}}',
      partition: 2,
    });
    const done = await nextEvent<JobStatus>(s, 'jobs.progress', { jobId }, (j) => j.state !== 'running');
    expect(done).toMatchObject({
      title: 'produce 3 records to orders',
      result: { kind: 'produce', produced: 3, partitions: [{ partition: 2, firstOffset: 0, lastOffset: 2 }] },
    });
    const page = await s.call('messages.browse', { topic: 'orders' });
    expect(page.records.map((r) => r.value?.data)).toEqual(['n=0', 'n=1', 'n=2']);
  });

  it('fails a job with the error of its task, and lists it', async () => {
    const s = service();
    const { jobId } = await s.call('messages.produceTemplate', { topic: 'missing', count: 1, value: 'x' });
    const done = await nextEvent<JobStatus>(s, 'jobs.progress', { jobId }, (j) => j.state !== 'running');
    expect(done).toMatchObject({
      state: 'failed',
      error: { code: 'NOT_FOUND', message: 'there is no topic missing' },
    });
    expect((await s.call('jobs.list', {})).map((j) => j.id)).toContain(jobId);
    await expect(s.call('jobs.status', { jobId: 'scan-999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('a connection that dies', () => {
  it('fails its calls and streams, is reported as failed, and starts again when selected', async () => {
    const s = new ConsoleService();
    services.push(s);
    let crash: (error: ApiError) => void = () => {};
    let starts = 0;
    s.connections.add({
      id: 'embedded',
      name: 'Embedded cluster',
      kind: 'embedded',
      bootstrap: '127.0.0.1:9092',
      capabilities: { faults: true, clusterEvents: true, brokerStates: true },
      start: async () => {
        starts++;
        const backend = inProcessBackend(await open());
        return {
          ...backend,
          onFailure: (listener) => {
            crash = (error) => {
              void backend.stop();
              listener(error);
            };
          },
        };
      },
    });
    await s.call('topics.list', {});
    const streamError = nextEvent(s, 'groups.lag', { groupId: 'billing' }, () => false);
    await new Promise((r) => setTimeout(r, 30));
    crash(new ApiError('UNAVAILABLE', "the connection's worker stopped unexpectedly (exit code 1)"));
    await expect(streamError).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(s.call('topics.list', {})).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message:
        "the embedded cluster is not running: the connection's worker stopped unexpectedly (exit code 1)",
    });
    expect(await s.call('connections.active', {})).toMatchObject({ status: 'failed' });
    await s.call('connections.select', { id: 'embedded' });
    await expect(s.call('topics.list', {})).resolves.toHaveLength(1);
    expect(starts).toBe(2);
  });
});
