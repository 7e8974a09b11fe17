/**
 * The inspector's state in the URL, so a reload or a shared link opens the same records:
 * `?partition=0&from=offset&offset=1200&order=newest&filter={...}&record=0:1234&tail=1`, and for
 * transactions `isolation=committed` (read as a read_committed consumer) and `markers=1`.
 * `from` is oldest (the default), newest, offset or time (with `time` as ms or ISO 8601).
 * Anything unreadable falls back to the defaults instead of failing.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { messageFilterSchema, type MessageFilter, type StartPosition } from '../../../host/api/index.js';
import type { MessageQuery, Order, RecordRef } from '../../stores/messages.js';

export interface InspectorState {
  readonly query: MessageQuery;
  readonly record: RecordRef | null;
  readonly tail: boolean;
}

function one(q: LocationQuery, name: string): string | null {
  const v = q[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s !== '' ? s : null;
}

function wholeNumber(s: string | null): number | null {
  if (s === null || !/^\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

function time(s: string | null): number | null {
  if (s === null) return null;
  const n = wholeNumber(s);
  if (n !== null) return n;
  const parsed = Date.parse(s);
  return Number.isNaN(parsed) ? null : parsed;
}

function parseStart(q: LocationQuery): StartPosition {
  switch (one(q, 'from')) {
    case 'newest':
      return { from: 'newest' };
    case 'offset': {
      const offset = wholeNumber(one(q, 'offset'));
      return offset === null ? { from: 'oldest' } : { from: 'offset', offset };
    }
    case 'time': {
      const timestamp = time(one(q, 'time'));
      return timestamp === null ? { from: 'oldest' } : { from: 'timestamp', timestamp };
    }
    default:
      return { from: 'oldest' };
  }
}

function parseFilter(s: string | null): MessageFilter | null {
  if (s === null) return null;
  try {
    const parsed = messageFilterSchema.safeParse(JSON.parse(s));
    return parsed.success && Object.keys(parsed.data).length ? parsed.data : null;
  } catch {
    return null;
  }
}

function parseRecord(s: string | null): RecordRef | null {
  const m = s === null ? null : /^(\d+):(\d+)$/.exec(s);
  return m ? { partition: Number(m[1]), offset: Number(m[2]) } : null;
}

export function readInspectorState(topic: string, q: LocationQuery): InspectorState {
  const tail = one(q, 'tail') === '1';
  const order: Order = tail || one(q, 'order') === 'newest' ? 'newest-first' : 'oldest-first';
  return {
    query: {
      topic,
      partition: wholeNumber(one(q, 'partition')),
      start: tail ? { from: 'newest' } : parseStart(q),
      order,
      filter: parseFilter(one(q, 'filter')),
      ...(one(q, 'isolation') === 'committed' ? { isolation: 'read_committed' as const } : {}),
      ...(one(q, 'markers') === '1' ? { showControl: true } : {}),
    },
    record: parseRecord(one(q, 'record')),
    tail,
  };
}

export function inspectorQuery(state: {
  query: Omit<MessageQuery, 'topic'>;
  record: RecordRef | null;
  tail: boolean;
}): LocationQueryRaw {
  const q: LocationQueryRaw = {};
  const { partition, start, order, filter } = state.query;
  if (partition !== null) q['partition'] = String(partition);
  if (state.tail) q['tail'] = '1';
  else {
    if (start.from === 'newest') q['from'] = 'newest';
    if (start.from === 'offset') {
      q['from'] = 'offset';
      q['offset'] = String(start.offset);
    }
    if (start.from === 'timestamp') {
      q['from'] = 'time';
      q['time'] = new Date(start.timestamp).toISOString();
    }
    if (order === 'newest-first') q['order'] = 'newest';
  }
  if (filter) q['filter'] = JSON.stringify(filter);
  if (state.query.isolation === 'read_committed') q['isolation'] = 'committed';
  if (state.query.showControl) q['markers'] = '1';
  if (state.record) q['record'] = `${state.record.partition}:${state.record.offset}`;
  return q;
}

/** Same records on screen? (The selected record and the tail flag aside.) */
export function sameQuery(a: MessageQuery | null, b: MessageQuery): boolean {
  return (
    a !== null &&
    a.topic === b.topic &&
    a.partition === b.partition &&
    a.order === b.order &&
    JSON.stringify(a.start) === JSON.stringify(b.start) &&
    JSON.stringify(a.filter) === JSON.stringify(b.filter) &&
    a.isolation === b.isolation &&
    (a.showControl ?? false) === (b.showControl ?? false)
  );
}
