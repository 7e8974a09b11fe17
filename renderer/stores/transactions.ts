/**
 * Transactions: every transactional id with state, producer and partitions (refreshed every 2 s
 * while shown), one topic's partitions with their last stable offset beside the high watermark
 * and the open transactions holding it (refreshed likewise), and aborting a hanging one.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { PartitionStability, Transaction } from '../../host/api/schemas/transactions.js';
import type { MethodInput, MethodOutput } from '../../host/api/types.js';
import { useApi } from '../api/current.js';
import { createPoller } from '../util/poller.js';

export const refreshIntervalMs = 2000;

export type AbortInput = MethodInput<'transactions.abort'>;
export type AbortResult = MethodOutput<'transactions.abort'>;

export const useTransactionsStore = defineStore('transactions', () => {
  const list = shallowRef<Transaction[] | null>(null);
  const listError = shallowRef<unknown>(null);

  const topic = ref<string | null>(null);
  const partitions = shallowRef<PartitionStability[] | null>(null);
  const partitionsError = shallowRef<unknown>(null);

  async function loadList(): Promise<void> {
    try {
      list.value = await useApi().transactions.list();
      listError.value = null;
    } catch (e) {
      listError.value = e;
      throw e;
    }
  }
  const listPoller = createPoller(loadList, refreshIntervalMs);

  async function loadPartitions(): Promise<void> {
    const name = topic.value;
    if (name === null) return;
    try {
      const answer = await useApi().transactions.partitions({ topic: name });
      if (name !== topic.value) return;
      partitions.value = answer;
      partitionsError.value = null;
    } catch (e) {
      if (name === topic.value) partitionsError.value = e;
      throw e;
    }
  }
  const partitionsPoller = createPoller(loadPartitions, refreshIntervalMs);

  function start(): void {
    listPoller.start();
    if (topic.value !== null) partitionsPoller.start();
  }

  function stop(): void {
    listPoller.stop();
    partitionsPoller.stop();
  }

  /** Shows another topic's partitions (null: none). */
  function showTopic(name: string | null): void {
    if (name === topic.value) return;
    topic.value = name;
    partitions.value = null;
    partitionsError.value = null;
    if (name === null) partitionsPoller.stop();
    else {
      partitionsPoller.start();
      void partitionsPoller.now();
    }
  }

  /** Aborts the open transaction, then refreshes what it changed. */
  async function abort(input: AbortInput): Promise<AbortResult> {
    const result = await useApi().transactions.abort(input);
    await Promise.allSettled([listPoller.now(), partitionsPoller.now()]);
    return result;
  }

  return {
    list,
    listError,
    topic,
    partitions,
    partitionsError,
    start,
    stop,
    showTopic,
    abort,
    refreshList: () => listPoller.now(),
    refreshPartitions: () => partitionsPoller.now(),
  };
});
