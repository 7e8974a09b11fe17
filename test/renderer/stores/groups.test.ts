import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, type GroupDescription, type LagSample } from '../../../host/api/index.js';
import { installApi } from '../../../renderer/api/current.js';
import { useGroupsStore } from '../../../renderer/stores/groups.js';
import { fakeApi, settle, type FakeApi } from '../fake-api.js';
import { freshPinia } from '../pinia.js';
import { setPageVisible } from '../visibility.js';

let fake: FakeApi;
const sample = (timestamp: number, totalLag: number): LagSample => ({
  groupId: 'billing',
  timestamp,
  totalLag,
  partitions: [
    {
      topic: 'orders',
      partition: 0,
      committedOffset: 0,
      logEndOffset: totalLag,
      lag: totalLag,
      member: null,
    },
  ],
});
const description: GroupDescription = {
  groupId: 'billing',
  state: 'Stable',
  protocolType: 'consumer',
  protocol: 'range',
  coordinator: 1,
  members: [],
  offsets: [],
  totalLag: 0,
};

beforeEach(() => {
  freshPinia();
  fake = fakeApi();
  installApi(fake.api);
  fake.answer('groups.describe', () => description);
});

describe('the groups store', () => {
  it('flags a group whose total lag grew at every refresh', async () => {
    const lags = [0, 10, 20, 30, 40, 50];
    fake.answer('groups.list', () => {
      const lag = lags.shift() ?? 60;
      return [
        {
          groupId: 'billing',
          state: 'Stable',
          protocolType: 'consumer',
          members: 1,
          coordinator: 1,
          totalLag: lag,
        },
        {
          groupId: 'audit',
          state: 'Stable',
          protocolType: 'consumer',
          members: 1,
          coordinator: 1,
          totalLag: lag % 20,
        },
      ];
    });
    const groups = useGroupsStore();
    for (let i = 0; i < 5; i++) await groups.refreshList();
    expect([...groups.growing]).toEqual(['billing']);
  });

  it('loads the recent lag series, then follows the live stream', async () => {
    fake.answer('groups.lagSeries', () => ({
      groupId: 'billing',
      intervalMs: 1000,
      samples: [sample(1000, 5), sample(2000, 7)],
    }));
    const groups = useGroupsStore();
    groups.openGroup('billing');
    await settle();
    expect(fake.subscriptions('groups.lag')).toEqual([{ args: { groupId: 'billing' }, open: true }]);
    fake.emit('groups.lag', sample(2000, 7));
    fake.emit('groups.lag', sample(3000, 9));
    expect(groups.samples.map((s) => s.totalLag)).toEqual([5, 7, 9]);
    expect(groups.latest?.totalLag).toBe(9);
  });

  it('gives lag per partition from the latest sample, and from the description when the stream stops', async () => {
    fake.answer('groups.describe', () => ({
      ...description,
      offsets: [{ topic: 'orders', partition: 0, committedOffset: 0, logEndOffset: 0, lag: 0, member: null }],
    }));
    fake.answer('groups.lagSeries', () => ({ groupId: 'billing', intervalMs: 1000, samples: [] }));
    const groups = useGroupsStore();
    groups.openGroup('billing');
    await settle();
    expect(groups.partitionLags.map((p) => p.lag)).toEqual([0]);
    fake.emit('groups.lag', sample(1000, 900));
    expect(groups.partitionLags.map((p) => p.lag)).toEqual([900]);
    fake.fail('groups.lag', new ApiError('UNAVAILABLE', 'the lag stream closed'));
    expect(groups.partitionLags.map((p) => p.lag)).toEqual([0]);
  });

  it('pauses the lag stream while hidden and catches up from the last sample', async () => {
    fake.answer('groups.lagSeries', () => ({
      groupId: 'billing',
      intervalMs: 1000,
      samples: [sample(1000, 5)],
    }));
    const groups = useGroupsStore();
    groups.openGroup('billing');
    await settle();
    await setPageVisible(false);
    expect(fake.subscriptions('groups.lag').some((s) => s.open)).toBe(false);
    await setPageVisible(true);
    await settle();
    expect(fake.callsOf('groups.lagSeries')[1]).toEqual({ groupId: 'billing', since: 1001 });
    expect(fake.subscriptions('groups.lag').filter((s) => s.open)).toHaveLength(1);
  });

  it('resets offsets of the open group, as a preview or for real', async () => {
    fake.answer('groups.lagSeries', () => ({ groupId: 'billing', intervalMs: 1000, samples: [] }));
    fake.answer('groups.resetOffsets', (input) => ({
      groupId: input.groupId,
      dryRun: input.dryRun ?? false,
      offsets: [],
    }));
    const groups = useGroupsStore();
    groups.openGroup('billing');
    await groups.resetOffsets({ topic: 'orders', target: { to: 'earliest' } }, true);
    expect(fake.callsOf('groups.resetOffsets')).toEqual([
      { groupId: 'billing', topic: 'orders', target: { to: 'earliest' }, dryRun: true },
    ]);
  });

  it('forgets everything of a group when its page closes', async () => {
    fake.answer('groups.lagSeries', () => ({
      groupId: 'billing',
      intervalMs: 1000,
      samples: [sample(1, 1)],
    }));
    const groups = useGroupsStore();
    groups.openGroup('billing');
    await settle();
    groups.closeGroup();
    expect(groups.samples).toEqual([]);
    expect(groups.description).toBeNull();
    expect(fake.subscriptions('groups.lag').some((s) => s.open)).toBe(false);
  });
});
