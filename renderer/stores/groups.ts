/**
 * Consumer groups: the list with state and total lag (refreshed every 2 s while shown, with the
 * recent totals kept to flag groups whose lag keeps growing), one group's description, its lag
 * over time for the chart (the recent series, then the live `groups.lag` stream, one sample a
 * second, paused while the page is hidden), and offset resets.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type {
  GroupDescription,
  GroupSummary,
  LagSample,
  PartitionLag,
} from '../../host/api/schemas/groups.js';
import type { MethodInput, MethodOutput, Unsubscribe } from '../../host/api/types.js';
import { useApi } from '../api/current.js';
import { isLagGrowing } from '../util/lag-trend.js';
import { pageVisible } from '../util/page-visibility.js';
import { createPoller } from '../util/poller.js';

export const listIntervalMs = 2000;
/** Samples kept for the chart: five minutes at one a second. */
export const seriesLimit = 300;

export type ResetTarget = MethodInput<'groups.resetOffsets'>['target'];
export type ResetResult = MethodOutput<'groups.resetOffsets'>;

export const useGroupsStore = defineStore('groups', () => {
  const list = shallowRef<GroupSummary[] | null>(null);
  const listError = shallowRef<unknown>(null);
  /** Recent total lags per group, from the list refreshes. */
  const history = new Map<string, (number | null)[]>();
  const growing = ref(new Set<string>());

  const groupId = ref<string | null>(null);
  const description = shallowRef<GroupDescription | null>(null);
  const describeError = shallowRef<unknown>(null);
  const samples = shallowRef<LagSample[]>([]);
  const lagError = shallowRef<unknown>(null);
  let lagUnsubscribe: Unsubscribe | undefined;

  async function loadList(): Promise<void> {
    try {
      const groups = await useApi().groups.list();
      const flagged = new Set<string>();
      for (const g of groups) {
        const h = history.get(g.groupId) ?? [];
        h.push(g.totalLag);
        if (h.length > 30) h.shift();
        history.set(g.groupId, h);
        if (isLagGrowing(h, { window: 5, minGrowth: 1 })) flagged.add(g.groupId);
      }
      for (const id of history.keys()) if (!groups.some((g) => g.groupId === id)) history.delete(id);
      growing.value = flagged;
      list.value = groups;
      listError.value = null;
    } catch (e) {
      listError.value = e;
      throw e;
    }
  }
  const listPoller = createPoller(loadList, listIntervalMs);

  async function describe(): Promise<void> {
    const id = groupId.value;
    if (!id) return;
    try {
      const d = await useApi().groups.describe({ groupId: id });
      if (id !== groupId.value) return;
      description.value = d;
      describeError.value = null;
    } catch (e) {
      if (id === groupId.value) describeError.value = e;
      throw e;
    }
  }
  const describePoller = createPoller(describe, listIntervalMs);

  function addSample(sample: LagSample): void {
    const list = samples.value;
    if (list.length && list[list.length - 1]!.timestamp >= sample.timestamp) return;
    // A new array each time: the chart receives it as a prop and must see it change.
    samples.value = [...list.slice(list.length >= seriesLimit ? list.length - seriesLimit + 1 : 0), sample];
  }

  /** Loads the recent series, then follows the live stream (again after a hidden spell). */
  async function followLag(): Promise<void> {
    lagUnsubscribe?.();
    lagUnsubscribe = undefined;
    const id = groupId.value;
    if (!id || !pageVisible.value) return;
    lagError.value = null;
    try {
      const last = samples.value[samples.value.length - 1];
      const series = await useApi().groups.lagSeries({
        groupId: id,
        ...(last ? { since: last.timestamp + 1 } : {}),
      });
      if (id !== groupId.value) return;
      for (const s of series.samples) addSample(s);
    } catch (e) {
      if (id === groupId.value) lagError.value = e;
    }
    if (id !== groupId.value || lagUnsubscribe) return;
    lagUnsubscribe = useApi().groups.onLag(
      { groupId: id },
      (sample) => addSample(sample),
      (e) => {
        lagError.value = e;
        lagUnsubscribe = undefined;
      },
    );
  }

  watch(pageVisible, (visible) => {
    if (!groupId.value) return;
    if (visible) void followLag();
    else {
      lagUnsubscribe?.();
      lagUnsubscribe = undefined;
    }
  });

  /** The group page opens: describe it every 2 s and follow its lag. */
  function openGroup(id: string): void {
    if (groupId.value === id) return;
    closeGroup();
    groupId.value = id;
    describePoller.start();
    void followLag();
  }

  function closeGroup(): void {
    describePoller.stop();
    lagUnsubscribe?.();
    lagUnsubscribe = undefined;
    groupId.value = null;
    description.value = null;
    describeError.value = null;
    samples.value = [];
    lagError.value = null;
  }

  async function resetOffsets(
    input: { topic?: string; partitions?: number[]; target: ResetTarget },
    dryRun: boolean,
  ): Promise<ResetResult> {
    const id = groupId.value;
    if (!id) throw new Error('no group is open');
    const result = await useApi().groups.resetOffsets({ groupId: id, ...input, dryRun });
    if (!dryRun) void describePoller.now();
    return result;
  }

  async function remove(id: string): Promise<void> {
    await useApi().groups.delete({ groupId: id });
    list.value = list.value?.filter((g) => g.groupId !== id) ?? null;
  }

  const latest = computed(() => samples.value[samples.value.length - 1] ?? null);
  /**
   * Lag per partition: from the latest sample (one a second, like the chart) while the stream
   * runs, so the table and the chart agree; from the description (every 2 s) otherwise.
   */
  const partitionLags = computed<readonly PartitionLag[]>(() =>
    latest.value && !lagError.value ? latest.value.partitions : (description.value?.offsets ?? []),
  );
  const lagGrowing = computed(() => isLagGrowing(samples.value.map((s) => s.totalLag)));

  return {
    list,
    listError,
    growing,
    groupId,
    description,
    describeError,
    samples,
    latest,
    partitionLags,
    lagGrowing,
    lagError,
    startList: () => listPoller.start(),
    stopList: () => listPoller.stop(),
    refreshList: () => listPoller.now(),
    refreshGroup: () => describePoller.now(),
    retryLag: followLag,
    openGroup,
    closeGroup,
    resetOffsets,
    remove,
  };
});
