/**
 * The message inspector's data: the records of one query (topic, partitions, where to start,
 * order, filter), loaded a page at a time as the user scrolls, never a whole topic; one record
 * in full for the detail pane; and a live tail that puts new records on top.
 *
 * Rows hold previews (values cut to `previewBytes`); the detail pane asks for the whole record.
 * A new query cancels the pages still in flight for the old one.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { MessageFilter, MessageRecord, StartPosition } from '../../host/api/schemas/messages.js';
import type { Unsubscribe } from '../../host/api/types.js';
import { useApi } from '../api/current.js';
import { isCancelled } from '../util/errors.js';
import { pageVisible } from '../util/page-visibility.js';

export type Order = 'oldest-first' | 'newest-first';

export interface MessageQuery {
  readonly topic: string;
  /** One partition, or every partition when null. */
  readonly partition: number | null;
  readonly start: StartPosition;
  readonly order: Order;
  readonly filter: MessageFilter | null;
  /** read_committed reads as a read_committed consumer would (absent: read_uncommitted). */
  readonly isolation?: 'read_committed';
  /** Show the transaction markers as rows. */
  readonly showControl?: boolean;
}

export const firstPageSize = 200;
export const nextPageSize = 500;
/** Bytes of a key or value kept for the table's preview; the detail pane fetches the rest. */
export const previewBytes = 1024;
/** The table stops loading past this many rows and asks for a seek instead. */
export const maxRows = 500_000;
/** Records a filtered page may examine before it answers with what it found. */
export const maxScanPerPage = 200_000;

export interface RecordRef {
  readonly partition: number;
  readonly offset: number;
}

export const useMessagesStore = defineStore('messages', () => {
  const query = shallowRef<MessageQuery | null>(null);
  const rows = shallowRef<MessageRecord[]>([]);
  const cursor = ref<string | null>(null);
  const atEnd = ref(false);
  const scanned = ref(0);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  /** Per partition: the range a consumer could read, from the last page. */
  const partitions = shallowRef<{ partition: number; logStartOffset: number; highWatermark: number }[]>([]);

  const selected = shallowRef<RecordRef | null>(null);
  const detail = shallowRef<MessageRecord | null>(null);
  const detailError = shallowRef<unknown>(null);
  const detailLoading = ref(false);

  const tailing = ref(false);
  const tailError = shallowRef<unknown>(null);
  /** Rows put on top by the tail since the query opened; the table keeps its scroll anchored. */
  const prepended = ref(0);
  let tailUnsubscribe: Unsubscribe | undefined;

  let abort: AbortController | undefined;
  let generation = 0;

  const full = computed(() => rows.value.length >= maxRows);
  const canLoadMore = computed(
    () => query.value !== null && !atEnd.value && !full.value && cursor.value !== null,
  );

  /** Starts a query from scratch: clears the rows and loads the first page. */
  async function open(next: MessageQuery): Promise<void> {
    abort?.abort();
    abort = new AbortController();
    generation++;
    query.value = next;
    rows.value = [];
    cursor.value = null;
    atEnd.value = false;
    scanned.value = 0;
    prepended.value = 0;
    error.value = null;
    if (tailing.value) restartTail();
    await fetchPage(firstPageSize);
  }

  async function loadMore(): Promise<void> {
    if (!canLoadMore.value || loading.value) return;
    await fetchPage(nextPageSize);
  }

  async function fetchPage(limit: number): Promise<void> {
    const q = query.value;
    if (!q) return;
    const mine = generation;
    const signal = abort?.signal;
    loading.value = true;
    try {
      const page = await useApi().messages.browse(
        {
          topic: q.topic,
          ...(q.partition === null ? {} : { partitions: [q.partition] }),
          ...(cursor.value === null ? { start: q.start } : { cursor: cursor.value }),
          order: q.order,
          limit,
          ...(q.filter ? { filter: q.filter, maxScan: maxScanPerPage } : {}),
          ...(q.isolation ? { isolation: q.isolation } : {}),
          ...(q.showControl ? { showControl: true } : {}),
          maxValueBytes: previewBytes,
        },
        signal ? { signal } : {},
      );
      if (mine !== generation) return;
      // A new array for each page: the table receives it as a prop and must see it change.
      rows.value = rows.value.concat(page.records);
      cursor.value = page.cursor;
      atEnd.value = page.atEnd;
      scanned.value += page.scanned;
      partitions.value = page.partitions;
      error.value = null;
    } catch (e) {
      if (mine === generation && !isCancelled(e)) error.value = e;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** Retry after an error: the next page, or the first when nothing loaded. */
  async function retry(): Promise<void> {
    error.value = null;
    if (query.value && rows.value.length === 0 && cursor.value === null) await open(query.value);
    else await loadMore();
  }

  async function select(ref: RecordRef | null): Promise<void> {
    selected.value = ref;
    detailError.value = null;
    if (!ref || !query.value) {
      detail.value = null;
      return;
    }
    const known = rows.value.find((r) => r.partition === ref.partition && r.offset === ref.offset);
    detail.value = known && !known.truncated ? known : null;
    if (detail.value) return;
    detailLoading.value = true;
    try {
      const record = await useApi().messages.get({ topic: query.value.topic, ...ref });
      // The page knew how the record's transaction ended; the whole record does not say.
      if (selected.value === ref)
        detail.value = known?.transaction ? { ...record, transaction: known.transaction } : record;
    } catch (e) {
      if (selected.value === ref) detailError.value = e;
    } finally {
      if (selected.value === ref) detailLoading.value = false;
    }
  }

  /** The highest offset shown per partition: the tail and the first page may overlap. */
  function newestShown(): Map<number, number> {
    const newest = new Map<number, number>();
    for (const r of rows.value)
      if (r.offset > (newest.get(r.partition) ?? -1)) newest.set(r.partition, r.offset);
    return newest;
  }

  function onTailRecords(records: MessageRecord[]): void {
    const shown = newestShown();
    const q = query.value;
    // New records go on top, newest first, as the tail view shows them.
    const fresh = records
      .filter((r) => r.offset > (shown.get(r.partition) ?? -1))
      .sort((a, b) => b.timestamp - a.timestamp || b.offset - a.offset);
    if (fresh.length === 0) return;
    if (q?.order === 'newest-first') {
      rows.value = fresh.concat(
        rows.value.length + fresh.length > maxRows ? rows.value.slice(0, maxRows - fresh.length) : rows.value,
      );
      prepended.value += fresh.length;
    } else {
      rows.value = rows.value.concat(fresh.reverse());
    }
  }

  function restartTail(): void {
    tailUnsubscribe?.();
    tailUnsubscribe = undefined;
    const q = query.value;
    if (!q || !tailing.value || !pageVisible.value) return;
    tailError.value = null;
    tailUnsubscribe = useApi().messages.onTail(
      {
        topic: q.topic,
        ...(q.partition === null ? {} : { partitions: [q.partition] }),
        ...(q.filter ? { filter: q.filter } : {}),
        ...(q.isolation ? { isolation: q.isolation } : {}),
        maxValueBytes: previewBytes,
      },
      (event) => onTailRecords(event.records),
      (e) => {
        tailError.value = e;
        tailUnsubscribe = undefined;
      },
    );
  }

  /** Live tail on or off. On: the view shows the newest records first and adds new ones on top. */
  function setTailing(on: boolean): void {
    tailing.value = on;
    if (on) restartTail();
    else {
      tailUnsubscribe?.();
      tailUnsubscribe = undefined;
    }
  }

  // Hidden page: stop the tail. Visible again: reload from the newest, then follow again.
  watch(pageVisible, (visible) => {
    if (!tailing.value) return;
    if (!visible) {
      tailUnsubscribe?.();
      tailUnsubscribe = undefined;
    } else if (query.value) {
      void open(query.value);
    }
  });

  /** Leaving the inspector: stop the tail and pages in flight. */
  function close(): void {
    setTailing(false);
    abort?.abort();
    generation++;
    query.value = null;
    rows.value = [];
    loading.value = false;
  }

  return {
    query,
    rows,
    cursor,
    atEnd,
    scanned,
    loading,
    error,
    partitions,
    full,
    canLoadMore,
    selected,
    detail,
    detailError,
    detailLoading,
    tailing,
    tailError,
    prepended,
    open,
    loadMore,
    retry,
    select,
    setTailing,
    close,
  };
});
