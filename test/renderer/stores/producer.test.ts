import { beforeEach, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../host/api/index.js';
import { installApi } from '../../../renderer/api/current.js';
import { useProducerStore } from '../../../renderer/stores/producer.js';
import { fakeApi, type FakeApi } from '../fake-api.js';
import { freshPinia } from '../pinia.js';

let fake: FakeApi;
const status = (state: JobStatus['state'], records: number): JobStatus => ({
  id: 'j1',
  kind: 'produce',
  title: 'produce 100 records to orders',
  state,
  startedAt: 0,
  finishedAt: state === 'running' ? null : 1,
  progress: {
    records,
    bytes: records * 10,
    totalRecords: 100,
    totalBytes: null,
    matched: null,
    percent: records,
    recordsPerSecond: 50,
    bytesPerSecond: 500,
    etaMs: 1000,
  },
  result: null,
  error: null,
});

beforeEach(() => {
  freshPinia();
  fake = fakeApi();
  installApi(fake.api);
});

describe('the producer store', () => {
  it('produces one record and keeps where it went, newest first', async () => {
    let offset = 0;
    fake.answer('messages.produce', (input) => ({
      topic: input.topic,
      partition: 1,
      offset: offset++,
      timestamp: 5,
    }));
    const producer = useProducerStore();
    await producer.produce({ topic: 'orders', value: { encoding: 'utf8', data: 'a' } });
    await producer.produce({ topic: 'orders', value: { encoding: 'utf8', data: 'b' } });
    expect(producer.history.map((h) => h.offset)).toEqual([1, 0]);
  });

  it('follows a template run until it ends, then stops listening', async () => {
    fake.answer('messages.produceTemplate', () => ({ jobId: 'j1' }));
    fake.answer('jobs.status', () => status('running', 0));
    const producer = useProducerStore();
    await producer.produceMany({ topic: 'orders', count: 100, value: '{{seq}}' });
    expect(fake.subscriptions('jobs.progress')).toEqual([{ args: { jobId: 'j1' }, open: true }]);
    fake.emit('jobs.progress', status('running', 40));
    expect(producer.job?.progress.records).toBe(40);
    fake.emit('jobs.progress', status('done', 100));
    expect(producer.job?.state).toBe('done');
    expect(fake.subscriptions('jobs.progress')[0]!.open).toBe(false);
  });

  it('cancels a running job', async () => {
    fake.answer('messages.produceTemplate', () => ({ jobId: 'j1' }));
    fake.answer('jobs.status', () => status('running', 0));
    fake.answer('jobs.cancel', () => status('cancelled', 3));
    const producer = useProducerStore();
    await producer.produceMany({ topic: 'orders', count: 100, value: 'x' });
    await producer.cancel();
    expect(fake.callsOf('jobs.cancel')).toEqual([{ jobId: 'j1' }]);
    expect(producer.job?.state).toBe('cancelled');
  });
});
