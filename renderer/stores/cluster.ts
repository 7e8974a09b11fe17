/**
 * The cluster at a glance: the latest snapshot (brokers, controller, every partition's leader,
 * replicas, ISR and offsets), refreshed every 2 s while the page is visible and at once after a
 * cluster event, plus what the top bar and the overview derive from it: health counts, the
 * produce rate measured from the high watermarks' movement between snapshots, and the bytes in
 * and out of the brokers from their traffic counters.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ClusterSnapshot } from '../../host/api/schemas/cluster.js';
import { useApi } from '../api/current.js';
import { createPoller } from '../util/poller.js';

export const snapshotIntervalMs = 2000;

export interface Throughput {
  /** Records appended per second across all partitions (internal topics left out). */
  readonly recordsInPerSecond: number;
  /** Bytes clients sent to / read from the brokers per second; null where not reported. */
  readonly bytesInPerSecond: number | null;
  readonly bytesOutPerSecond: number | null;
  /** The same per broker, for the brokers that reported traffic in both snapshots. */
  readonly brokers: ReadonlyMap<
    number,
    { readonly bytesInPerSecond: number; readonly bytesOutPerSecond: number }
  >;
  readonly measuredAt: number;
}

/**
 * Bytes each broker moved between two snapshots, for the brokers that report traffic in both. A
 * broker's counters restart with it: a count lower than before is what it moved since then.
 */
function trafficDeltas(
  previous: ClusterSnapshot,
  next: ClusterSnapshot,
): Map<number, { bytesIn: number; bytesOut: number }> {
  const moved = new Map<number, { bytesIn: number; bytesOut: number }>();
  for (const broker of next.brokers) {
    const before = previous.brokers.find((b) => b.id === broker.id)?.traffic;
    const now = broker.traffic;
    if (!before || !now) continue;
    moved.set(broker.id, {
      bytesIn: now.bytesIn >= before.bytesIn ? now.bytesIn - before.bytesIn : now.bytesIn,
      bytesOut: now.bytesOut >= before.bytesOut ? now.bytesOut - before.bytesOut : now.bytesOut,
    });
  }
  return moved;
}

/** Σ high watermarks of the non-internal partitions (internal ones start with "__"). */
function totalHighWatermark(snapshot: ClusterSnapshot): number {
  let total = 0;
  for (const p of snapshot.partitions) if (!p.topic.startsWith('__')) total += p.highWatermark ?? 0;
  return total;
}

export const useClusterStore = defineStore('cluster', () => {
  const snapshot = shallowRef<ClusterSnapshot | null>(null);
  const error = shallowRef<unknown>(null);
  const loading = ref(false);
  const throughput = shallowRef<Throughput | null>(null);

  async function refresh(): Promise<void> {
    loading.value = snapshot.value === null;
    try {
      const next = await useApi().cluster.snapshot();
      const previous = snapshot.value;
      if (previous && next.takenAt > previous.takenAt) {
        const seconds = (next.takenAt - previous.takenAt) / 1000;
        const appended = Math.max(0, totalHighWatermark(next) - totalHighWatermark(previous));
        const brokers = new Map(
          [...trafficDeltas(previous, next)].map(([id, d]) => [
            id,
            { bytesInPerSecond: d.bytesIn / seconds, bytesOutPerSecond: d.bytesOut / seconds },
          ]),
        );
        const sum = (pick: (r: { bytesInPerSecond: number; bytesOutPerSecond: number }) => number) =>
          brokers.size ? [...brokers.values()].reduce((n, r) => n + pick(r), 0) : null;
        throughput.value = {
          recordsInPerSecond: appended / seconds,
          bytesInPerSecond: sum((r) => r.bytesInPerSecond),
          bytesOutPerSecond: sum((r) => r.bytesOutPerSecond),
          brokers,
          measuredAt: next.takenAt,
        };
      }
      snapshot.value = next;
      error.value = null;
    } catch (e) {
      error.value = e;
      throw e;
    } finally {
      loading.value = false;
    }
  }

  const poller = createPoller(refresh, snapshotIntervalMs);

  const brokersUp = computed(() => snapshot.value?.brokers.filter((b) => b.state === 'up').length ?? 0);
  const brokersTotal = computed(() => snapshot.value?.brokers.length ?? 0);
  const underReplicated = computed(() => snapshot.value?.underReplicatedPartitions ?? 0);
  const offline = computed(() => snapshot.value?.offlinePartitions ?? 0);
  /** ok: everything in sync; warning: under-replicated or a broker down; error: offline partitions. */
  const health = computed<'unknown' | 'ok' | 'warning' | 'error'>(() => {
    if (!snapshot.value) return 'unknown';
    if (offline.value > 0) return 'error';
    if (underReplicated.value > 0 || brokersUp.value < brokersTotal.value) return 'warning';
    return 'ok';
  });

  /** Topic names in the snapshot, for the command palette (internal ones last). */
  const topicNames = computed(() => {
    const names = [...new Set(snapshot.value?.partitions.map((p) => p.topic) ?? [])];
    return names.sort(
      (a, b) => Number(a.startsWith('__')) - Number(b.startsWith('__')) || a.localeCompare(b),
    );
  });

  return {
    snapshot,
    error,
    loading,
    throughput,
    brokersUp,
    brokersTotal,
    underReplicated,
    offline,
    health,
    topicNames,
    refresh: () => poller.now(),
    start: () => poller.start(),
    stop: () => poller.stop(),
  };
});
