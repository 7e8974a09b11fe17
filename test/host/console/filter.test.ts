import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../engine/records/record.js';
import type { MessageFilter } from '../../../host/api/index.js';
import { compileFilter, parseJsonPath, selectJsonPath } from '../../../host/console/filter.js';

const record = (value: string | Buffer | null, extra: Partial<LogRecord> = {}): LogRecord => ({
  offset: 0,
  timestamp: 1_000,
  key: Buffer.from('user-42'),
  value: value === null ? null : Buffer.isBuffer(value) ? value : Buffer.from(value),
  headers: [
    { key: 'source', value: Buffer.from('checkout') },
    { key: 'empty', value: null },
  ],
  ...extra,
});

const passes = (filter: MessageFilter, r: LogRecord): boolean => compileFilter(filter)(r);

describe('message filters', () => {
  it('matches substrings case-insensitively by default, and exactly when asked', () => {
    expect(
      passes({ value: { op: 'contains', text: 'HELLO', caseSensitive: false } }, record('say hello')),
    ).toBe(true);
    expect(
      passes({ value: { op: 'contains', text: 'HELLO', caseSensitive: true } }, record('say hello')),
    ).toBe(false);
    expect(
      passes({ value: { op: 'contains', text: 'héllo', caseSensitive: true } }, record('say héllo')),
    ).toBe(true);
  });

  it('compares whole values with equals, and never matches a null value', () => {
    expect(passes({ value: { op: 'equals', text: 'abc' } }, record('abc'))).toBe(true);
    expect(passes({ value: { op: 'equals', text: 'abc' } }, record('abcd'))).toBe(false);
    expect(passes({ value: { op: 'equals', text: '' } }, record(null))).toBe(false);
    expect(passes({ value: { op: 'contains', text: 'a', caseSensitive: false } }, record(null))).toBe(false);
  });

  it('tests regular expressions with their case flag', () => {
    expect(passes({ key: { op: 'regex', pattern: '^user-\\d+$', caseSensitive: true } }, record('x'))).toBe(
      true,
    );
    expect(passes({ key: { op: 'regex', pattern: '^USER', caseSensitive: true } }, record('x'))).toBe(false);
    expect(passes({ key: { op: 'regex', pattern: '^USER', caseSensitive: false } }, record('x'))).toBe(true);
  });

  it('selects JSON values by path, with wildcards, and tests them as text', () => {
    const order = record(
      JSON.stringify({ order: { id: 7, 'the key': true, items: [{ sku: 'a' }, { sku: 'b', qty: 2 }] } }),
    );
    const at = (path: string, test?: MessageFilter['value']) =>
      passes({ value: { op: 'jsonPath', path, ...(test ? { test: test as never } : {}) } }, order);
    expect(at('$.order.id')).toBe(true);
    expect(at('$.order.missing')).toBe(false);
    expect(at('$.order.id', { op: 'equals', text: '7' })).toBe(true);
    expect(at("$.order['the key']", { op: 'equals', text: 'true' })).toBe(true);
    expect(at('$.order.items[1].sku', { op: 'equals', text: 'b' })).toBe(true);
    expect(at('$.order.items[*].sku', { op: 'equals', text: 'b' })).toBe(true);
    expect(at('$.order.items[*].sku', { op: 'equals', text: 'c' })).toBe(false);
    expect(at('$.order.items[5]')).toBe(false);
    expect(at('$.order.*', { op: 'contains', text: '"qty":2', caseSensitive: true })).toBe(true);
    expect(passes({ value: { op: 'jsonPath', path: '$.a' } }, record('not json'))).toBe(false);
  });

  it('parses JSON paths into steps and refuses malformed ones', () => {
    expect(parseJsonPath("$.a[2]['b.c'][*].*")).toEqual([
      { kind: 'key', key: 'a' },
      { kind: 'index', index: 2 },
      { kind: 'key', key: 'b.c' },
      { kind: 'all' },
      { kind: 'all' },
    ]);
    expect(() => parseJsonPath('$.a..b')).toThrow(/character 3/);
    expect(selectJsonPath({ a: [1, 2] }, parseJsonPath('$.a[*]'))).toEqual([1, 2]);
  });

  it('needs each listed header, with a matching value when a test is given', () => {
    expect(passes({ headers: [{ key: 'source' }] }, record('x'))).toBe(true);
    expect(passes({ headers: [{ key: 'empty' }] }, record('x'))).toBe(true);
    expect(passes({ headers: [{ key: 'empty', value: { op: 'equals', text: '' } }] }, record('x'))).toBe(
      false,
    );
    expect(
      passes({ headers: [{ key: 'source', value: { op: 'equals', text: 'checkout' } }] }, record('x')),
    ).toBe(true);
    expect(passes({ headers: [{ key: 'source' }, { key: 'absent' }] }, record('x'))).toBe(false);
  });

  it('keeps records in [timestampFrom, timestampTo) and ANDs every criterion', () => {
    expect(passes({ timestampFrom: 1_000, timestampTo: 1_001 }, record('x'))).toBe(true);
    expect(passes({ timestampTo: 1_000 }, record('x'))).toBe(false);
    expect(
      passes(
        { timestampFrom: 0, value: { op: 'equals', text: 'x' }, key: { op: 'equals', text: 'nope' } },
        record('x'),
      ),
    ).toBe(false);
    expect(passes({}, record(null))).toBe(true);
  });

  it('matches a decoded key or value as its JSON, and the other part as bytes', () => {
    const framed = record(Buffer.from([0, 0, 0, 0, 1, 0x02, 0x41]));
    const decoded = { value: { json: { item: 'kettle', qty: 2 } } };
    const test = (filter: MessageFilter) => compileFilter(filter)(framed, decoded);
    expect(test({ value: { op: 'jsonPath', path: '$.qty', test: { op: 'equals', text: '2' } } })).toBe(true);
    expect(test({ value: { op: 'contains', text: '"item":"kettle"', caseSensitive: true } })).toBe(true);
    expect(test({ value: { op: 'equals', text: '{"item":"kettle","qty":2}' } })).toBe(true);
    expect(test({ value: { op: 'regex', pattern: 'KETTLE', caseSensitive: false } })).toBe(true);
    expect(test({ value: { op: 'contains', text: 'teapot', caseSensitive: false } })).toBe(false);
    expect(test({ key: { op: 'equals', text: 'user-42' } })).toBe(true);
    // Without the decoded JSON the same bytes are not JSON.
    expect(passes({ value: { op: 'jsonPath', path: '$.qty' } }, framed)).toBe(false);
  });
});
