/**
 * The JSON Lines byte writer against JSON.stringify: for any record (text of any Unicode, control
 * characters, quotes, binary bytes, null and empty keys, values and headers) each line is exactly
 * JSON.stringify of the record's object form, and parses back to the same bytes.
 */
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../../engine/records/record.js';
import { ByteBuilder } from '../../../../host/console/export/json-bytes.js';
import { linePrefix } from '../../../../host/console/export/record-json.js';

const bytes = fc.oneof(
  fc.constant(null),
  fc.string({ unit: 'binary', maxLength: 80 }).map((s) => Buffer.from(s, 'utf8')),
  fc
    .string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 80 })
    .map((s) => Buffer.from(s, 'latin1')),
  fc.uint8Array({ maxLength: 80 }).map((a) => Buffer.from(a)),
);

const record = fc.record({
  offset: fc.nat(),
  timestamp: fc.integer({ min: -1, max: 2 ** 45 }),
  key: bytes,
  value: bytes,
  headers: fc.array(fc.record({ key: fc.string({ unit: 'binary', maxLength: 10 }), value: bytes }), {
    maxLength: 3,
  }),
});

const json = (b: Buffer | null) =>
  b === null ? null : isUtf8(b) ? b.toString('utf8') : { base64: b.toString('base64') };

describe('JSON Lines as bytes', () => {
  it('writes exactly JSON.stringify of each record', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
        fc.nat(100),
        fc.array(record, { maxLength: 5 }),
        (topic, partition, records) => {
          const out = new ByteBuilder(16);
          for (const r of records) out.recordLine(linePrefix(topic), partition, r as LogRecord);
          const expected = records
            .map(
              (r) =>
                JSON.stringify({
                  topic,
                  partition,
                  offset: r.offset,
                  timestamp: r.timestamp,
                  key: json(r.key),
                  value: json(r.value),
                  headers: r.headers.map((h) => ({ key: h.key, value: json(h.value) })),
                }) + '\n',
            )
            .join('');
          expect(out.take().toString('utf8')).toBe(expected);
        },
      ),
      { seed: 8, numRuns: 500 },
    );
  });

  it('escapes what JSON must escape, and nothing else', () => {
    const out = new ByteBuilder(4);
    out.jsonString(Buffer.from('a"b\\c\n\t\u0000\u001f\u007f é ✓ \u2028', 'utf8'));
    expect(out.take().toString('utf8')).toBe(JSON.stringify('a"b\\c\n\t\u0000\u001f\u007f é ✓ \u2028'));
  });
});
