/**
 * One JSON Lines line → an ImportRecord. A line is an object with `value` (required: a record
 * without one is almost always a wrong file) and optionally `key`, `headers`, `partition`,
 * `timestamp`; other fields (`topic`, `offset`, ...) are allowed and ignored, so an export reads
 * back as it is. A decoded export's `valueDecoded.json` is kept for imports that encode values.
 */
import { z } from 'zod';
import { ImportLineError, type ImportRecord } from './import-record.js';
import {
  bytesFieldSchema,
  firstProblem,
  headersFieldSchema,
  partitionFieldSchema,
  timestampFieldSchema,
} from './record-fields.js';

const lineSchema = z.object({
  partition: partitionFieldSchema.nullish(),
  timestamp: timestampFieldSchema.nullish(),
  key: bytesFieldSchema.optional(),
  value: bytesFieldSchema,
  headers: headersFieldSchema.optional(),
  valueDecoded: z.object({ json: z.unknown() }).nullish(),
});

export function decodeJsonLine(text: string, line: number): ImportRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ImportLineError(line, `not valid JSON (${(error as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new ImportLineError(line, 'a line must be a JSON object');
  if (!Object.hasOwn(json, 'value'))
    throw new ImportLineError(line, 'a record needs a "value" (null is allowed)');
  const parsed = lineSchema.safeParse(json);
  if (!parsed.success) throw new ImportLineError(line, firstProblem(parsed.error));
  const r = parsed.data;
  return {
    line,
    partition: r.partition ?? null,
    timestamp: r.timestamp ?? null,
    key: r.key ?? null,
    value: r.value,
    headers: r.headers ?? [],
    ...(r.valueDecoded ? { valueJson: r.valueDecoded.json } : {}),
  };
}
