import { beforeEach, describe, expect, it } from 'vitest';
import type { TopicSummary } from '../../../host/api/index.js';
import { installApi } from '../../../renderer/api/current.js';
import { useTopicsStore } from '../../../renderer/stores/topics.js';
import { fakeApi, settle, type FakeApi } from '../fake-api.js';
import { freshPinia } from '../pinia.js';

let fake: FakeApi;
const summary = (name: string): TopicSummary => ({
  name,
  topicId: null,
  internal: false,
  partitions: 3,
  replicationFactor: 3,
  sizeBytes: 0,
  messageCount: 0,
  underReplicatedPartitions: 0,
  offlinePartitions: 0,
  retentionMs: 604_800_000,
  retentionBytes: -1,
  cleanupPolicy: 'delete',
});

beforeEach(() => {
  freshPinia();
  fake = fakeApi();
  installApi(fake.api);
});

describe('the topics store', () => {
  it('lists with or without internal topics', async () => {
    fake.answer('topics.list', (input) =>
      input?.includeInternal ? [summary('a'), summary('__consumer_offsets')] : [summary('a')],
    );
    const topics = useTopicsStore();
    await topics.loadList();
    expect(topics.list?.map((t) => t.name)).toEqual(['a']);
    topics.includeInternal = true;
    await topics.loadList();
    expect(topics.list).toHaveLength(2);
  });

  it('refreshes the list after a create, but not after a validation', async () => {
    fake.answer('topics.list', () => [summary('orders')]);
    fake.answer('topics.create', (input) => ({
      name: input.name,
      topicId: 'id',
      partitions: 3,
      replicationFactor: 3,
    }));
    const topics = useTopicsStore();
    await topics.create({ name: 'orders', validateOnly: true });
    await settle();
    expect(fake.callsOf('topics.list')).toHaveLength(0);
    await topics.create({ name: 'orders', partitions: 3 });
    await settle();
    expect(fake.callsOf('topics.list')).toHaveLength(1);
  });

  it('loads the config definitions once', async () => {
    fake.answer('topics.configDefinitions', () => [
      {
        name: 'retention.ms',
        type: 'long',
        defaultValue: '604800000',
        documentation: null,
        validValues: null,
      },
    ]);
    const topics = useTopicsStore();
    await topics.loadDefinitions();
    await topics.loadDefinitions();
    expect(fake.callsOf('topics.configDefinitions')).toHaveLength(1);
  });

  it('drops a deleted topic from the list and its description at once', async () => {
    fake.answer('topics.list', () => [summary('b')]);
    fake.answer('topics.delete', (input) => ({ name: input.name }));
    fake.answer('topics.describe', (input) => ({
      name: input.name,
      topicId: null,
      internal: false,
      partitions: [],
      configs: [],
    }));
    const topics = useTopicsStore();
    await topics.loadList();
    await topics.describe('b');
    await topics.remove('b');
    expect(topics.description).toBeNull();
    expect(fake.callsOf('topics.delete')).toEqual([{ name: 'b' }]);
  });
});
