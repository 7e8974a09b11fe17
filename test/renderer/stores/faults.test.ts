import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../host/api/index.js';
import { installApi } from '../../../renderer/api/current.js';
import { useFaultsStore } from '../../../renderer/stores/faults.js';
import { freshPinia } from '../pinia.js';
import { fakeApi, settle, type FakeApi } from '../fake-api.js';
import { snapshot } from '../samples.js';
import { setPageVisible } from '../visibility.js';

let fake: FakeApi;
const kill = { id: 'f1', kind: 'kill' as const, brokerId: 2, peerId: null, summary: 'kill broker 2' };
const leaderMoved = (seq: number): ClusterEvent => ({
  seq,
  timestamp: seq,
  type: 'leader-changed',
  topic: 'orders',
  partition: 0,
  oldLeader: 2,
  newLeader: 1,
  leaderEpoch: seq,
  unclean: false,
});

beforeEach(() => {
  freshPinia();
  fake = fakeApi();
  installApi(fake.api);
  fake.answer('faults.list', () => []);
  fake.answer('cluster.snapshot', () => snapshot());
});
afterEach(() => setPageVisible(true));

describe('the faults store', () => {
  it('follows the event stream into the timeline, each event once', async () => {
    const faults = useFaultsStore();
    faults.follow();
    expect(fake.subscriptions('cluster.events')).toEqual([{ args: { afterSeq: 0 }, open: true }]);
    fake.emit('cluster.events', leaderMoved(1));
    fake.emit('cluster.events', leaderMoved(2));
    fake.emit('cluster.events', leaderMoved(2));
    expect(faults.events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('closes the stream while the page is hidden and resumes after the last event seen', async () => {
    const faults = useFaultsStore();
    faults.follow();
    fake.emit('cluster.events', leaderMoved(7));
    await setPageVisible(false);
    expect(fake.subscriptions('cluster.events').map((s) => s.open)).toEqual([false]);
    await setPageVisible(true);
    expect(fake.subscriptions('cluster.events')[1]).toEqual({ args: { afterSeq: 7 }, open: true });
  });

  it('runs a fault, shows it as pending meanwhile, then reloads the active faults', async () => {
    let release: () => void = () => {};
    fake.answer('faults.killBroker', () => new Promise((r) => (release = () => r(kill))));
    const faults = useFaultsStore();
    const done = faults.kill(2);
    expect(faults.pending.has('kill:2')).toBe(true);
    fake.answer('faults.list', () => [kill]);
    release();
    expect(await done).toEqual(kill);
    await settle();
    expect(faults.pending.has('kill:2')).toBe(false);
    expect(fake.callsOf('faults.killBroker')).toEqual([{ brokerId: 2 }]);
    expect(faults.active).toEqual([kill]);
  });

  it('keeps the stream error for the retry button', async () => {
    const faults = useFaultsStore();
    faults.follow();
    const { ApiError } = await import('../../../host/api/index.js');
    fake.fail(
      'cluster.events',
      new ApiError('LOCAL_ONLY', 'the event stream exists only on the embedded cluster'),
    );
    expect((faults.streamError as Error).message).toMatch(/only on the embedded cluster/);
    faults.retry();
    expect(fake.subscriptions('cluster.events').filter((s) => s.open)).toHaveLength(1);
  });
});
