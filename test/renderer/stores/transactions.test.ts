import { beforeEach, describe, expect, it } from 'vitest';
import type { PartitionStability, Transaction } from '../../../host/api/schemas/transactions.js';
import { installApi } from '../../../renderer/api/current.js';
import { useTransactionsStore } from '../../../renderer/stores/transactions.js';
import { fakeApi, settle, type FakeApi } from '../fake-api.js';
import { freshPinia } from '../pinia.js';

let fake: FakeApi;
let open = true;
const transaction: Transaction = {
  transactionalId: 'orders-tx',
  state: 'Ongoing',
  producerId: 4000,
  producerEpoch: 2,
  coordinator: 3,
  timeoutMs: 60_000,
  startedAt: 1_700_000_000_000,
  partitions: [{ topic: 'orders', partition: 1 }],
};
const partitions = (): PartitionStability[] => [
  {
    topic: 'orders',
    partition: 1,
    leader: 2,
    highWatermark: 10,
    lastStableOffset: open ? 4 : 11,
    openTransactions: open
      ? [
          {
            producerId: 4000,
            producerEpoch: 2,
            coordinatorEpoch: 0,
            startOffset: 4,
            lastTimestamp: 1,
            transactionalId: 'orders-tx',
          },
        ]
      : [],
  },
];

beforeEach(() => {
  freshPinia();
  open = true;
  fake = fakeApi();
  installApi(fake.api);
  fake.answer('transactions.list', () => [transaction]);
  fake.answer('transactions.partitions', () => partitions());
  fake.answer('transactions.abort', (input) => {
    open = false;
    return {
      topic: input.topic,
      partition: input.partition,
      producerId: 4000,
      producerEpoch: 2,
      startOffset: 4,
    };
  });
});

describe('the transactions store', () => {
  it('lists the ids, shows a topic’s LSO and refreshes it after an abort', async () => {
    const store = useTransactionsStore();
    store.start();
    store.showTopic('orders');
    await settle();
    expect(store.list).toEqual([transaction]);
    expect(store.partitions?.[0]).toMatchObject({ lastStableOffset: 4 });

    await store.abort({ topic: 'orders', partition: 1, producerId: 4000 });
    expect(fake.calls.filter((c) => c.method === 'transactions.abort')).toEqual([
      { method: 'transactions.abort', input: { topic: 'orders', partition: 1, producerId: 4000 } },
    ]);
    expect(store.partitions?.[0]).toMatchObject({ lastStableOffset: 11, openTransactions: [] });
    store.stop();
  });

  it('keeps the error of a failed refresh and forgets the partitions of a topic no longer shown', async () => {
    fake.answer('transactions.partitions', () => {
      throw new Error('boom');
    });
    const store = useTransactionsStore();
    store.showTopic('orders');
    await settle();
    expect(store.partitionsError).toBeInstanceOf(Error);
    store.showTopic(null);
    expect(store.partitions).toBeNull();
    expect(store.partitionsError).toBeNull();
    store.stop();
  });
});
