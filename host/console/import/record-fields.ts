/**
 * The fields of an imported record, checked with zod: the forms export writes (record-json.ts),
 * read back to the exact bytes. A key, value or header value is a string (its UTF-8 bytes),
 * `{"base64": "..."}` (binary), or null.
 */
import { z } from 'zod';
import { BASE64_KEY } from '../export/record-json.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const base64TextSchema = z.string().regex(BASE64, { error: 'is not valid base64' });

export const bytesFieldSchema = z
  .union([z.string(), z.strictObject({ [BASE64_KEY]: base64TextSchema }), z.null()], {
    error: 'must be a string, {"base64": "..."} or null',
  })
  .transform((v): Buffer | null =>
    v === null ? null : typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v.base64, 'base64'),
  );

export const headersFieldSchema = z.array(
  z.object({ key: z.string({ error: 'a header key is a string' }), value: bytesFieldSchema }),
  { error: 'headers must be a list of {"key", "value"}' },
);

export const partitionFieldSchema = z
  .number({ error: 'partition must be a number' })
  .int({ error: 'partition must be a whole number' })
  .min(0, { error: 'partition must not be negative' })
  .max(2 ** 31 - 1);

export const timestampFieldSchema = z
  .number({ error: 'timestamp must be a number (ms since the epoch)' })
  .int({ error: 'timestamp must be a whole number of ms' })
  .min(-1)
  .max(Number.MAX_SAFE_INTEGER);

/** The first problem of a failed parse, as `field: message`. */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
