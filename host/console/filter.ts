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
 * - A key or value given decoded (from the schema registry's wire format, ./decoded-filter.ts) is
 *   matched as its JSON: text matches test its JSON text, `jsonPath` the decoded document.
 */
import type { LogRecord } from '../../engine/records/record.js';
import type { Match, MessageFilter } from '../api/schemas/messages.js';

/** A key's or value's decoded JSON; undefined: match its bytes. */
export interface DecodedJson {
  readonly key?: { readonly json: unknown };
  readonly value?: { readonly json: unknown };
}
export type RecordPredicate = (record: LogRecord, decoded?: DecodedJson) => boolean;
/** One criterion, for bytes as they are and for a decoded JSON document. */
interface PartPredicate {
  bytes(bytes: Buffer): boolean;
  json(document: unknown): boolean;
}
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

function jsonPathPredicate(match: Extract<Match, { op: 'jsonPath' }>): (document: unknown) => boolean {
  const steps = parseJsonPath(match.path);
  const test = match.test ? textPredicate(match.test) : null;
  return (document) => {
    const selected = selectJsonPath(document, steps);
    if (!test) return selected.length > 0;
    return selected.some((v) => v !== undefined && test(typeof v === 'string' ? v : JSON.stringify(v)));
  };
}

function partPredicate(match: Match): PartPredicate {
  if (match.op === 'jsonPath') {
    const test = jsonPathPredicate(match);
    return {
      bytes: (bytes) => {
        let document: unknown;
        try {
          document = JSON.parse(bytes.toString('utf8'));
        } catch {
          return false;
        }
        return test(document);
      },
      json: test,
    };
  }
  const text = textPredicate(match);
  const json = (document: unknown) => text(JSON.stringify(document));
  if (match.op === 'contains' && match.caseSensitive) {
    const needle = Buffer.from(match.text, 'utf8');
    return { bytes: (bytes) => bytes.indexOf(needle) >= 0, json };
  }
  if (match.op === 'equals') {
    const wanted = Buffer.from(match.text, 'utf8');
    return { bytes: (bytes) => bytes.equals(wanted), json };
  }
  return { bytes: (bytes) => text(bytes.toString('utf8')), json };
}

/** The filter as one predicate; no filter (or an empty one) passes everything. */
export function compileFilter(filter: MessageFilter | undefined): RecordPredicate {
  if (!filter) return () => true;
  const checks: RecordPredicate[] = [];
  const { timestampFrom, timestampTo } = filter;
  if (timestampFrom !== undefined) checks.push((r) => r.timestamp >= timestampFrom);
  if (timestampTo !== undefined) checks.push((r) => r.timestamp < timestampTo);
  if (filter.key) {
    const test = partPredicate(filter.key);
    checks.push((r, d) => (d?.key ? test.json(d.key.json) : r.key !== null && test.bytes(r.key)));
  }
  if (filter.value) {
    const test = partPredicate(filter.value);
    checks.push((r, d) => (d?.value ? test.json(d.value.json) : r.value !== null && test.bytes(r.value)));
  }
  for (const header of filter.headers ?? []) {
    const test = header.value ? partPredicate(header.value) : null;
    checks.push((r) =>
      r.headers.some(
        (h) => h.key === header.key && (test === null || (h.value !== null && test.bytes(h.value))),
      ),
    );
  }
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0]!;
  return (r, d) => checks.every((check) => check(r, d));
}
