import { beforeEach, describe, expect, it } from 'vitest';
import type { BrowseOutput, MessageRecord } from '../../../host/api/index.js';
import { installApi } from '../../../renderer/api/current.js';
import {
  firstPageSize,
  nextPageSize,
  previewBytes,
  useMessagesStore,
  type MessageQuery,
} from '../../../renderer/stores/messages.js';
import { fakeApi, settle, type FakeApi } from '../fake-api.js';
import { freshPinia } from '../pinia.js';
import { record } from '../samples.js';

let fake: FakeApi;
const query: MessageQuery = {
  topic: 'orders',
  partition: null,
  start: { from: 'oldest' },
  order: 'oldest-first',
  filter: null,
};

function page(records: MessageRecord[], cursor: string, atEnd = false): BrowseOutput {
  return { topic: 'orders', records, cursor, atEnd, scanned: records.length, partitions: [] };
}

beforeEach(() => {
  freshPinia();
  fake = fakeApi();
  installApi(fake.api);
});

describe('the messages store', () => {
  it('loads a first page from the start, then the next from the cursor', async () => {
    fake.answer('messages.browse', (input) =>
      input.cursor ? page([record(0, 2)], 'c2', true) : page([record(0, 0), record(0, 1)], 'c1'),
    );
    const messages = useMessagesStore();
    await messages.open({ ...query, partition: 0, filter: { value: { op: 'equals', text: 'x' } } });
    expect(fake.callsOf('messages.browse')[0]).toMatchObject({
      topic: 'orders',
      partitions: [0],
      start: { from: 'oldest' },
      order: 'oldest-first',
      limit: firstPageSize,
      maxValueBytes: previewBytes,
      filter: { value: { op: 'equals', text: 'x' } },
    });
    await messages.loadMore();
    expect(fake.callsOf('messages.browse')[1]).toMatchObject({ cursor: 'c1', limit: nextPageSize });
    expect(fake.callsOf('messages.browse')[1]).not.toHaveProperty('start');
    expect(messages.rows.map((r) => r.offset)).toEqual([0, 1, 2]);
    expect(messages.atEnd).toBe(true);
    expect(messages.canLoadMore).toBe(false);
  });

  it('drops the answer of a query the user has already left', async () => {
    const answers: ((p: BrowseOutput) => void)[] = [];
    fake.answer('messages.browse', () => new Promise<BrowseOutput>((r) => answers.push(r)));
    const messages = useMessagesStore();
    const first = messages.open(query);
    const second = messages.open({ ...query, partition: 1 });
    answers[1]!(page([record(1, 5)], 'b'));
    answers[0]!(page([record(0, 0)], 'a'));
    await Promise.all([first, second]);
    expect(messages.rows.map((r) => `${r.partition}:${r.offset}`)).toEqual(['1:5']);
    expect(messages.query?.partition).toBe(1);
  });

  it('keeps the error of a failed page and retries it', async () => {
    const { ApiError } = await import('../../../host/api/index.js');
    let fail = true;
    fake.answer('messages.browse', () => {
      if (fail) throw new ApiError('NOT_FOUND', 'topic orders does not exist');
      return page([record(0, 0)], 'c', true);
    });
    const messages = useMessagesStore();
    await messages.open(query);
    expect((messages.error as Error).message).toBe('topic orders does not exist');
    fail = false;
    await messages.retry();
    expect(messages.error).toBeNull();
    expect(messages.rows).toHaveLength(1);
  });

  it('fetches the whole record for the detail pane only when the row was cut', async () => {
    fake.answer('messages.browse', () => page([record(0, 0), record(0, 1, { truncated: true })], 'c', true));
    fake.answer('messages.get', (input) =>
      record(input.partition, input.offset, { value: { encoding: 'utf8', data: 'whole' } }),
    );
    const messages = useMessagesStore();
    await messages.open(query);
    await messages.select({ partition: 0, offset: 0 });
    expect(messages.detail?.offset).toBe(0);
    expect(fake.callsOf('messages.get')).toHaveLength(0);
    await messages.select({ partition: 0, offset: 1 });
    expect(fake.callsOf('messages.get')).toEqual([{ topic: 'orders', partition: 0, offset: 1 }]);
    expect(messages.detail?.value).toEqual({ encoding: 'utf8', data: 'whole' });
  });

  it('puts tailed records on top, newest first, once each, and counts them for the scroll anchor', async () => {
    fake.answer('messages.browse', () => page([record(0, 9), record(1, 4)], 'c', true));
    const messages = useMessagesStore();
    messages.setTailing(true);
    await messages.open({ ...query, start: { from: 'newest' }, order: 'newest-first' });
    expect(fake.subscriptions('messages.tail').filter((s) => s.open)).toHaveLength(1);
    fake.emit('messages.tail', { records: [record(0, 9), record(0, 10), record(1, 5)] });
    expect(messages.rows.map((r) => `${r.partition}:${r.offset}`)).toEqual(['0:10', '1:5', '0:9', '1:4']);
    expect(messages.prepended).toBe(2);
    messages.setTailing(false);
    expect(fake.subscriptions('messages.tail').filter((s) => s.open)).toHaveLength(0);
  });

  it('stops everything when the inspector closes', async () => {
    fake.answer('messages.browse', () => page([record(0, 0)], 'c'));
    const messages = useMessagesStore();
    messages.setTailing(true);
    await messages.open(query);
    messages.close();
    await settle();
    expect(messages.rows).toEqual([]);
    expect(fake.subscriptions('messages.tail').some((s) => s.open)).toBe(false);
  });
});
