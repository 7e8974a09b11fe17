/**
 * Messages: pages of records, one record in full, filtered scans (jobs), live tail, produce.
 *
 * Filters run where the log is (the connection's worker): only matching records cross to the
 * console. Values longer than `maxValueBytes` arrive cut, with `truncated` set; `messages.get`
 * returns one record whole.
 */
import { z } from 'zod';
import { encodedBytesSchema, validEncodedBytesSchema } from '../bytes.js';
import {
  acksSchema,
  compressionSchema,
  offsetSchema,
  partitionListSchema,
  partitionSchema,
  timestampSchema,
  topicNameSchema,
} from './common.js';

export const messageHeaderSchema = z.object({ key: z.string(), value: encodedBytesSchema.nullable() });

export const messageRecordSchema = z.object({
  partition: z.number().int(),
  offset: z.number().int(),
  timestamp: z.number(),
  timestampType: z.enum(['create-time', 'log-append-time']),
  key: encodedBytesSchema.nullable(),
  value: encodedBytesSchema.nullable(),
  headers: z.array(messageHeaderSchema),
  /** Full sizes in bytes (0 for null), even when the key or value arrived cut. */
  keySize: z.number().int(),
  valueSize: z.number().int(),
  /** The key or value was cut to maxValueBytes; `messages.get` gives the whole record. */
  truncated: z.boolean(),
  /** The compression of the batch the record was stored in. */
  compression: compressionSchema,
  transactional: z.boolean(),
  leaderEpoch: z.number().int(),
  /**
   * Browsing only, on transactional records: the producer and how its transaction ended
   * (committed, aborted) or that it is still open; null when that could not be found out.
   */
  transaction: z
    .object({ producerId: z.number().int(), state: z.enum(['committed', 'aborted', 'open']).nullable() })
    .optional(),
  /** Browsing with showControl: this row is a transaction marker, not a record a consumer sees. */
  control: z
    .object({
      type: z.enum(['commit', 'abort']),
      producerId: z.number().int(),
      coordinatorEpoch: z.number().int(),
    })
    .optional(),
});
export type MessageRecord = z.infer<typeof messageRecordSchema>;

function isRegex(pattern: string, flags = ''): boolean {
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}

/**
 * JSON paths: `$`, then `.name`, `['any name']`, `[3]`, or the wildcards `.*` and `[*]`
 * (a wildcard matches when any element matches), e.g. `$.order.items[*].sku`.
 */
export const jsonPathSchema = z
  .string()
  .max(1_000)
  .regex(/^\$(?:\.[A-Za-z_$][\w$-]*|\.\*|\[\d+\]|\[\*\]|\['(?:[^'\\]|\\.)*'\])*$/, {
    error: "a JSON path looks like $.user.id, $['a key'], $.items[0] or $.items[*].sku",
  });

const textMatchSchema = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('contains'),
    text: z.string().min(1, { error: 'the text to look for is empty' }).max(10_000),
    caseSensitive: z.boolean().default(false),
  }),
  z.strictObject({ op: z.literal('equals'), text: z.string().max(100_000) }),
  z.strictObject({
    op: z.literal('regex'),
    pattern: z
      .string()
      .min(1, { error: 'the pattern is empty' })
      .max(1_000)
      .refine((p) => isRegex(p, 'u'), { error: 'not a valid regular expression' }),
    caseSensitive: z.boolean().default(true),
  }),
]);

/**
 * How a key, value or header value is matched. Text matches test the bytes read as UTF-8;
 * `jsonPath` parses the bytes as JSON and tests the value at the path (strings as they are, other
 * values as JSON text), or only that the path exists when no test is given. A key or value in
 * the schema registry's wire format is matched as its decoded JSON when the connection has a
 * registry.
 */
export const matchSchema = z.discriminatedUnion('op', [
  ...textMatchSchema.options,
  z.strictObject({ op: z.literal('jsonPath'), path: jsonPathSchema, test: textMatchSchema.optional() }),
]);
export type Match = z.infer<typeof matchSchema>;

/** Every given criterion must hold (AND). */
export const messageFilterSchema = z.strictObject({
  key: matchSchema.optional(),
  value: matchSchema.optional(),
  /** Each listed header must be present (and match, when `value` is given). */
  headers: z
    .array(
      z.strictObject({
        key: z.string().min(1, { error: 'a header name is required' }),
        value: matchSchema.optional(),
      }),
    )
    .max(16)
    .optional(),
  /** Only records with from ≤ timestamp < to. */
  timestampFrom: timestampSchema.optional(),
  timestampTo: timestampSchema.optional(),
});
export type MessageFilter = z.infer<typeof messageFilterSchema>;

export const startPositionSchema = z.discriminatedUnion(
  'from',
  [
    z.strictObject({ from: z.literal('oldest') }),
    z.strictObject({ from: z.literal('newest') }),
    z.strictObject({ from: z.literal('offset'), offset: offsetSchema }),
    z.strictObject({ from: z.literal('timestamp'), timestamp: timestampSchema }),
  ],
  {
    error:
      'start is { from: "oldest" | "newest" } or { from: "offset", offset } or { from: "timestamp", timestamp }',
  },
);
export type StartPosition = z.infer<typeof startPositionSchema>;

const maxValueBytesSchema = z
  .number()
  .int()
  .min(0)
  .max(16 * 1024 * 1024)
  .default(64 * 1024);

export const browseInputSchema = z.strictObject({
  topic: topicNameSchema,
  /** Absent: every partition. */
  partitions: partitionListSchema.optional(),
  start: startPositionSchema.default({ from: 'oldest' }),
  /** oldest-first reads forward from start; newest-first reads backward from it. */
  order: z.enum(['oldest-first', 'newest-first']).default('oldest-first'),
  limit: z.number().int().min(1).max(1_000, { error: 'a page has at most 1000 records' }).default(100),
  filter: messageFilterSchema.optional(),
  /** Stop after examining this many records even if the page is not full (filters). */
  maxScan: z.number().int().min(1).max(10_000_000).default(100_000),
  maxValueBytes: maxValueBytesSchema,
  /** The `cursor` of the previous page: continue where it ended (start is then ignored). */
  cursor: z.string().max(100_000).optional(),
  /**
   * read_committed shows what a read_committed consumer gets: records of committed transactions
   * only, up to the last stable offset. read_uncommitted shows everything, marked.
   */
  isolation: z.enum(['read_uncommitted', 'read_committed']).default('read_uncommitted'),
  /** Also list the transaction markers (COMMIT and ABORT control records) as rows. */
  showControl: z.boolean().default(false),
});
export type BrowseInput = z.infer<typeof browseInputSchema>;

export const browseOutputSchema = z.object({
  topic: z.string(),
  records: z.array(messageRecordSchema),
  /** Where the next page starts; pass it back as `cursor`. */
  cursor: z.string(),
  /** No more records in this direction right now (newer ones may still come). */
  atEnd: z.boolean(),
  /** Records examined to fill this page (more than returned when a filter is set). */
  scanned: z.number().int(),
  partitions: z.array(
    z.object({
      partition: z.number().int(),
      logStartOffset: z.number().int(),
      highWatermark: z.number().int(),
    }),
  ),
});
export type BrowseOutput = z.infer<typeof browseOutputSchema>;

export const getMessageInputSchema = z.strictObject({
  topic: topicNameSchema,
  partition: partitionSchema,
  offset: offsetSchema,
});

export const endPositionSchema = z.discriminatedUnion('to', [
  /** The high watermarks when the scan starts. */
  z.strictObject({ to: z.literal('now') }),
  z.strictObject({ to: z.literal('offset'), offset: offsetSchema }),
  z.strictObject({ to: z.literal('timestamp'), timestamp: timestampSchema }),
]);

export const scanInputSchema = z.strictObject({
  topic: topicNameSchema,
  partitions: partitionListSchema.optional(),
  start: startPositionSchema.default({ from: 'oldest' }),
  end: endPositionSchema.default({ to: 'now' }),
  filter: messageFilterSchema,
  /** The scan stops when this many records matched. */
  maxMatches: z.number().int().min(1).max(100_000).default(10_000),
  maxValueBytes: maxValueBytesSchema,
});
export type ScanInput = z.infer<typeof scanInputSchema>;

export const jobRefSchema = z.object({ jobId: z.string() });

export const scanResultsInputSchema = z.strictObject({
  jobId: z.string().min(1),
  /** Index of the first match wanted (matches are numbered from 0 in the order found). */
  from: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1_000).default(200),
});

export const scanResultsOutputSchema = z.object({
  records: z.array(messageRecordSchema),
  /** Matches found so far. */
  total: z.number().int(),
  /** The scan has ended (done, failed or cancelled): `total` is final. */
  done: z.boolean(),
});

export const tailArgsSchema = z.strictObject({
  topic: topicNameSchema,
  partitions: partitionListSchema.optional(),
  filter: messageFilterSchema.optional(),
  maxValueBytes: maxValueBytesSchema,
  /** read_committed: only records of committed transactions, as they become stable. */
  isolation: z.enum(['read_uncommitted', 'read_committed']).default('read_uncommitted'),
});

/** New records as they arrive, in batches (at most a few per second). */
export const tailEventSchema = z.object({ records: z.array(messageRecordSchema) });

const headerInputSchema = z.strictObject({
  key: z.string().min(1, { error: 'a header name is required' }).max(1_000),
  value: validEncodedBytesSchema.nullable(),
});

export const produceInputSchema = z.strictObject({
  topic: topicNameSchema,
  /** Absent: chosen from the key (murmur2, as Kafka's clients do), or spread when there is none. */
  partition: partitionSchema.optional(),
  key: validEncodedBytesSchema.nullable().default(null),
  value: validEncodedBytesSchema.nullable(),
  headers: z.array(headerInputSchema).max(1_000).default([]),
  /** Absent: the time of sending. */
  timestamp: timestampSchema.optional(),
  acks: acksSchema.default('all'),
  compression: compressionSchema.default('none'),
});

export const produceOutputSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  /** null when sent with acks "none" (the broker does not say). */
  offset: z.number().int().nullable(),
  timestamp: z.number(),
});

const templateSchema = z.string().max(1_000_000);

/**
 * Templates are text with placeholders: `{{seq}}` (0, 1, 2, ...), `{{uuid}}`, `{{now}}` (ms) and
 * `{{nowIso}}`, `{{random.int(MIN,MAX)}}`, `{{random.float}}`, `{{random.pick(a,b,c)}}`,
 * `{{random.string(N)}}`.
 */
export const produceTemplateInputSchema = z.strictObject({
  topic: topicNameSchema,
  count: z
    .number()
    .int({ error: 'count is a whole number' })
    .min(1, { error: 'send at least 1 record' })
    .max(10_000_000, { error: 'at most 10000000 records per run' }),
  partition: partitionSchema.optional(),
  key: templateSchema.nullable().default(null),
  value: templateSchema.nullable(),
  headers: z
    .array(
      z.strictObject({
        key: z.string().min(1, { error: 'a header name is required' }),
        value: templateSchema,
      }),
    )
    .max(100)
    .default([]),
  acks: acksSchema.default('all'),
  compression: compressionSchema.default('none'),
  /** Records per second; absent: as fast as the cluster takes them. */
  ratePerSecond: z.number().int().min(1).max(10_000_000).optional(),
  /** Seed of the random placeholders, so a run can be repeated exactly. */
  seed: z.number().int().optional(),
});
