/**
 * Faults of the embedded cluster and the timeline of what they caused. Actions (kill, stop,
 * start, isolate, delay, heal, heal all) answer what they did so the view can say it in a toast.
 * The timeline follows the `cluster.events` stream; while the page is hidden the stream is closed
 * and, when the page shows again, re-opened after the last event seen, so nothing is missed.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { ClusterEvent, Fault } from '../../host/api/schemas/cluster.js';
import type { Unsubscribe } from '../../host/api/types.js';
import { useApi } from '../api/current.js';
import { pageVisible } from '../util/page-visibility.js';
import { useClusterStore } from './cluster.js';

/** The timeline keeps this many recent events. */
export const timelineLimit = 2000;

export type Isolation = 'brokers' | 'clients' | 'all';

export const useFaultsStore = defineStore('faults', () => {
  const active = shallowRef<Fault[]>([]);
  const events = shallowRef<ClusterEvent[]>([]);
  const listError = shallowRef<unknown>(null);
  const streamError = shallowRef<unknown>(null);
  const loading = ref(false);
  /** Actions in flight, by a key like "kill:2", so their buttons show progress. */
  const pending = ref(new Set<string>());
  let lastSeq = 0;
  let unsubscribe: Unsubscribe | undefined;
  let following = false;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  async function loadActive(): Promise<void> {
    loading.value = active.value.length === 0;
    try {
      active.value = await useApi().faults.list();
      listError.value = null;
    } catch (e) {
      listError.value = e;
    } finally {
      loading.value = false;
    }
  }

  /** Several events come in a burst (a kill moves many leaders): refresh the snapshot once after. */
  function scheduleRefresh(event: ClusterEvent): void {
    if (event.type === 'fault-injected' || event.type === 'fault-healed') void loadActive();
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void useClusterStore().refresh(), 150);
  }

  function open(): void {
    if (unsubscribe) return;
    streamError.value = null;
    unsubscribe = useApi().cluster.onEvents(
      { afterSeq: lastSeq },
      (event) => {
        if (event.seq <= lastSeq) return;
        lastSeq = event.seq;
        const list = events.value;
        // A new array each time: the timeline receives it as a prop and must see it change.
        events.value = [
          ...list.slice(list.length >= timelineLimit ? list.length - timelineLimit + 1 : 0),
          event,
        ];
        scheduleRefresh(event);
      },
      (e) => {
        streamError.value = e;
        unsubscribe = undefined;
      },
    );
  }

  function close(): void {
    unsubscribe?.();
    unsubscribe = undefined;
  }

  /** Follow the cluster's events while the page is visible (idempotent). */
  function follow(): void {
    if (following) return;
    following = true;
    void loadActive();
    if (pageVisible.value) open();
  }
  watch(pageVisible, (visible) => {
    if (following) (visible ? open : close)();
  });

  /** Re-open the stream after it failed (the error state's retry button). */
  function retry(): void {
    close();
    open();
    void loadActive();
  }

  async function run<T>(key: string, action: () => Promise<T>): Promise<T> {
    pending.value.add(key);
    try {
      return await action();
    } finally {
      pending.value.delete(key);
      void loadActive();
    }
  }

  const api = () => useApi().faults;
  return {
    active,
    events,
    listError,
    streamError,
    loading,
    pending,
    follow,
    retry,
    loadActive,
    kill: (brokerId: number) => run(`kill:${brokerId}`, () => api().killBroker({ brokerId })),
    stop: (brokerId: number) => run(`stop:${brokerId}`, () => api().stopBroker({ brokerId })),
    start: (brokerId: number) => run(`start:${brokerId}`, () => api().startBroker({ brokerId })),
    isolate: (brokerId: number, from: Isolation) =>
      run(`isolate:${brokerId}`, () => api().isolateBroker({ brokerId, from })),
    delay: (brokerId: number, ms: number) =>
      run(`delay:${brokerId}`, () => api().delayTraffic({ brokerId, ms })),
    heal: (faultId: string) => run(`heal:${faultId}`, () => api().heal({ faultId })),
    healBroker: (brokerId: number) => run(`heal-broker:${brokerId}`, () => api().heal({ brokerId })),
    healAll: () => run('heal-all', () => api().healAll()),
    killTransactionCoordinator: (transactionalId: string) =>
      run(`kill-txn-coordinator:${transactionalId}`, () =>
        api().killTransactionCoordinator({ transactionalId }),
      ),
  };
});
