/**
 * The filter form's state and the MessageFilter it stands for. The form edits a draft (every
 * field present, even unused ones, so switching an operator keeps what was typed); the draft
 * becomes a MessageFilter checked with the contract's own schema, whose messages say what is
 * wrong with which field. A filter from a URL turns back into a draft the same way.
 */
import { messageFilterSchema, type Match, type MessageFilter } from '../../../host/api/index.js';

export type MatchOp = 'any' | 'contains' | 'equals' | 'regex' | 'jsonPath';
export type TestOp = 'exists' | 'contains' | 'equals' | 'regex';

export interface MatchDraft {
  op: MatchOp;
  text: string;
  caseSensitive: boolean;
  /** For jsonPath: the path, and what the value there must satisfy. */
  path: string;
  test: TestOp;
}

export interface HeaderDraft {
  name: string;
  op: Exclude<MatchOp, 'jsonPath' | 'any'> | 'present';
  text: string;
}

export interface FilterDraft {
  key: MatchDraft;
  value: MatchDraft;
  headers: HeaderDraft[];
  /** Milliseconds since the epoch, or null for an open end. */
  timestampFrom: number | null;
  timestampTo: number | null;
}

export function emptyMatch(): MatchDraft {
  return { op: 'any', text: '', caseSensitive: false, path: '$.', test: 'exists' };
}

export function emptyFilterDraft(): FilterDraft {
  return { key: emptyMatch(), value: emptyMatch(), headers: [], timestampFrom: null, timestampTo: null };
}

type TextMatch = Exclude<Match, { op: 'jsonPath' }>;

function textMatch(op: 'contains' | 'equals' | 'regex', text: string, caseSensitive: boolean): TextMatch {
  if (op === 'contains') return { op, text, caseSensitive };
  if (op === 'regex') return { op, pattern: text, caseSensitive };
  return { op, text };
}

function matchFromDraft(d: MatchDraft): Match | undefined {
  switch (d.op) {
    case 'any':
      return undefined;
    case 'jsonPath':
      return d.test === 'exists'
        ? { op: 'jsonPath', path: d.path.trim() }
        : { op: 'jsonPath', path: d.path.trim(), test: textMatch(d.test, d.text, d.caseSensitive) };
    default:
      return textMatch(d.op, d.text, d.caseSensitive);
  }
}

export interface FilterResult {
  /** null when the draft filters nothing (every field left at "any"). */
  readonly filter: MessageFilter | null;
  /** Problems by field ("key", "value", "headers.0", "timestampTo"), in words. */
  readonly problems: Readonly<Record<string, string>>;
}

export function filterFromDraft(draft: FilterDraft): FilterResult {
  const filter: MessageFilter = {};
  const key = matchFromDraft(draft.key);
  const value = matchFromDraft(draft.value);
  if (key) filter.key = key;
  if (value) filter.value = value;
  if (draft.headers.length)
    filter.headers = draft.headers.map((h) =>
      h.op === 'present'
        ? { key: h.name.trim() }
        : { key: h.name.trim(), value: textMatch(h.op, h.text, false) },
    );
  if (draft.timestampFrom !== null) filter.timestampFrom = draft.timestampFrom;
  if (draft.timestampTo !== null) filter.timestampTo = draft.timestampTo;

  const problems: Record<string, string> = {};
  if (draft.timestampFrom !== null && draft.timestampTo !== null && draft.timestampTo <= draft.timestampFrom)
    problems['timestampTo'] = 'the end of the time range is before its start';
  const parsed = messageFilterSchema.safeParse(filter);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [first, second] = issue.path;
      const field =
        first === 'headers' && typeof second === 'number' ? `headers.${second}` : String(first ?? 'filter');
      problems[field] ??= issue.message;
    }
  }
  if (Object.keys(problems).length) return { filter: null, problems };
  return { filter: Object.keys(filter).length ? parsed.data! : null, problems };
}

function draftFromMatch(m: Match | undefined): MatchDraft {
  const d = emptyMatch();
  if (!m) return d;
  if (m.op === 'jsonPath') {
    d.op = 'jsonPath';
    d.path = m.path;
    if (m.test) {
      d.test = m.test.op;
      d.text = m.test.op === 'regex' ? m.test.pattern : m.test.text;
      d.caseSensitive = m.test.op === 'equals' ? true : m.test.caseSensitive;
    }
    return d;
  }
  d.op = m.op;
  d.text = m.op === 'regex' ? m.pattern : m.text;
  d.caseSensitive = m.op === 'equals' ? true : m.caseSensitive;
  return d;
}

export function draftFromFilter(filter: MessageFilter | null): FilterDraft {
  if (!filter) return emptyFilterDraft();
  return {
    key: draftFromMatch(filter.key),
    value: draftFromMatch(filter.value),
    headers: (filter.headers ?? []).map((h) => {
      const v = h.value;
      if (!v || v.op === 'jsonPath') return { name: h.key, op: 'present', text: '' };
      return { name: h.key, op: v.op, text: v.op === 'regex' ? v.pattern : v.text };
    }),
    timestampFrom: filter.timestampFrom ?? null,
    timestampTo: filter.timestampTo ?? null,
  };
}

/** A one-line description of a filter for the toolbar: `value contains "abc" · header trace-id`. */
export function describeFilter(filter: MessageFilter | null): string {
  if (!filter) return '';
  const parts: string[] = [];
  const m = (what: string, match: Match): string => {
    if (match.op === 'jsonPath')
      return match.test ? `${what} ${match.path} ${m('', match.test).trim()}` : `${what} has ${match.path}`;
    if (match.op === 'regex') return `${what} ~ /${match.pattern}/`;
    return `${what} ${match.op} "${match.text}"`;
  };
  if (filter.key) parts.push(m('key', filter.key));
  if (filter.value) parts.push(m('value', filter.value));
  for (const h of filter.headers ?? [])
    parts.push(h.value ? m(`header ${h.key}`, h.value) : `header ${h.key}`);
  if (filter.timestampFrom !== undefined || filter.timestampTo !== undefined) parts.push('time range');
  return parts.join(' · ');
}
