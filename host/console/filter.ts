/**
 * Message filters (the API's MessageFilter), compiled once into a predicate that runs where the
 * log is, record by record. Every given criterion must hold.
 *
 * - Text matches read the bytes as UTF-8. A case-sensitive `contains` and `equals` compare raw
 *   bytes (no decoding: the fast path of a scan); the others decode first.
 * - `jsonPath` parses the bytes as JSON and tests the values the path selects: strings as they
 *   are, anything else as its JSON text; with no test, the path only has to exist. A wildcard
 *   (`.*`, `[*]`) selects every member or element, and matches when any selected value does.
 *   Bytes that are not JSON never match.
 * - A null key or value matches nothing; a header criterion needs a header of that name (whose
 *   value matches, when a test is given).
 */
import type { LogRecord } from '../../engine/records/record.js';
import type { Match, MessageFilter } from '../api/schemas/messages.js';

export type RecordPredicate = (record: LogRecord) => boolean;
type BytesPredicate = (bytes: Buffer) => boolean;
type TextMatch = Exclude<Match, { op: 'jsonPath' }>;

type PathStep =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'all' };

/** Parses `$.a.b[0]['c d'][*].*` into steps; throws a RangeError on anything else. */
export function parseJsonPath(path: string): PathStep[] {
  if (!path.startsWith('$')) throw new RangeError(`a JSON path starts with $: ${path}`);
  const steps: PathStep[] = [];
  const step = /\.([A-Za-z_$][\w$-]*)|\.\*|\[(\d+)\]|\[\*\]|\['((?:[^'\\]|\\.)*)'\]/y;
  step.lastIndex = 1;
  while (step.lastIndex < path.length) {
    const at = step.lastIndex;
    const m = step.exec(path);
    if (!m) throw new RangeError(`bad JSON path at character ${at}: ${path}`);
    if (m[1] !== undefined) steps.push({ kind: 'key', key: m[1] });
    else if (m[2] !== undefined) steps.push({ kind: 'index', index: Number(m[2]) });
    else if (m[3] !== undefined) steps.push({ kind: 'key', key: m[3].replace(/\\(.)/g, '$1') });
    else steps.push({ kind: 'all' });
  }
  return steps;
}

/** The values a path selects in a parsed JSON document (none when it does not exist). */
export function selectJsonPath(document: unknown, steps: readonly PathStep[]): unknown[] {
  let current: unknown[] = [document];
  for (const s of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (value === null || typeof value !== 'object') continue;
      if (s.kind === 'all') next.push(...Object.values(value));
      else if (s.kind === 'index') {
        if (Array.isArray(value) && s.index < value.length) next.push(value[s.index]);
      } else if (!Array.isArray(value) && Object.hasOwn(value, s.key)) {
        next.push((value as Record<string, unknown>)[s.key]);
      }
    }
    current = next;
  }
  return current;
}

function textPredicate(match: TextMatch): (text: string) => boolean {
  switch (match.op) {
    case 'contains': {
      if (match.caseSensitive) return (text) => text.includes(match.text);
      const lower = match.text.toLowerCase();
      return (text) => text.toLowerCase().includes(lower);
    }
    case 'equals':
      return (text) => text === match.text;
    case 'regex': {
      const regex = new RegExp(match.pattern, match.caseSensitive ? 'u' : 'iu');
      return (text) => regex.test(text);
    }
  }
}

function bytesPredicate(match: Match): BytesPredicate {
  if (match.op === 'contains' && match.caseSensitive) {
    const needle = Buffer.from(match.text, 'utf8');
    return (bytes) => bytes.indexOf(needle) >= 0;
  }
  if (match.op === 'equals') {
    const wanted = Buffer.from(match.text, 'utf8');
    return (bytes) => bytes.equals(wanted);
  }
  if (match.op === 'jsonPath') {
    const steps = parseJsonPath(match.path);
    const test = match.test ? textPredicate(match.test) : null;
    return (bytes) => {
      let document: unknown;
      try {
        document = JSON.parse(bytes.toString('utf8'));
      } catch {
        return false;
      }
      const selected = selectJsonPath(document, steps);
      if (!test) return selected.length > 0;
      return selected.some((v) => v !== undefined && test(typeof v === 'string' ? v : JSON.stringify(v)));
    };
  }
  const test = textPredicate(match);
  return (bytes) => test(bytes.toString('utf8'));
}

/** The filter as one predicate; no filter (or an empty one) passes everything. */
export function compileFilter(filter: MessageFilter | undefined): RecordPredicate {
  if (!filter) return () => true;
  const checks: RecordPredicate[] = [];
  const { timestampFrom, timestampTo } = filter;
  if (timestampFrom !== undefined) checks.push((r) => r.timestamp >= timestampFrom);
  if (timestampTo !== undefined) checks.push((r) => r.timestamp < timestampTo);
  if (filter.key) {
    const test = bytesPredicate(filter.key);
    checks.push((r) => r.key !== null && test(r.key));
  }
  if (filter.value) {
    const test = bytesPredicate(filter.value);
    checks.push((r) => r.value !== null && test(r.value));
  }
  for (const header of filter.headers ?? []) {
    const test = header.value ? bytesPredicate(header.value) : null;
    checks.push((r) =>
      r.headers.some((h) => h.key === header.key && (test === null || (h.value !== null && test(h.value)))),
    );
  }
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0]!;
  return (r) => checks.every((check) => check(r));
}
