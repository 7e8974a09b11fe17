/**
 * Export and import: a topic (or chosen partitions, an offset or time range, the records that
 * match a filter) to a file, and JSON Lines or CSV files back into a topic, both as jobs.
 *
 * Files never cross the boundary as paths the page names. A file is an opaque `fileId` that a
 * trusted party granted: the desktop's save and open dialogs (`export.chooseFile`,
 * `import.chooseFile`), or the web host's upload route. An export to `download` is written by
 * the host and offered back through its `downloadId` (the web host's download route).
 *
 * File formats (every format keeps the exact bytes of what it can hold):
 * - jsonl: one JSON object per line {topic, partition, offset, timestamp, key, value, headers};
 *   a key, value or header value is a string when its bytes are valid UTF-8, {"base64": "..."}
 *   otherwise, or null; headers are [{key, value}] in record order.
 * - csv: a header row, then topic, partition, offset, timestamp, key, key_encoding, value,
 *   value_encoding, headers (the JSON Lines form of the headers); an encoding is utf8, base64 or
 *   null (the key or value is null).
 * - raw: each value's bytes followed by a newline (a null value is an empty line), as
 *   `kcat -C -f '%s\n'` writes them.
 * - parquet: columns topic, partition, offset, timestamp (ms), key and value (binary, nullable),
 *   headers (a list of {key, value}); snappy-compressed pages.
 */
import { z } from 'zod';
import { partitionListSchema, partitionSchema, timestampSchema, topicNameSchema } from './common.js';
import { endPositionSchema, messageFilterSchema, startPositionSchema } from './messages.js';
import { subjectNameSchema } from './schema-registry.js';
import { encodedBytesSchema } from '../bytes.js';

export const exportFormatSchema = z.enum(['jsonl', 'csv', 'raw', 'parquet'], {
  error: 'format is "jsonl", "csv", "raw" or "parquet"',
});
export type ExportFormat = z.infer<typeof exportFormatSchema>;

export const importFormatSchema = z.enum(['jsonl', 'csv'], { error: 'format is "jsonl" or "csv"' });
export type ImportFormat = z.infer<typeof importFormatSchema>;

/** A granted file: 32 hex digits from the host's random source. */
export const fileIdSchema = z
  .string({ error: 'a file id is required' })
  .regex(/^[0-9a-f]{32}$/, { error: 'a file id is 32 hex digits, as the host gave it' });

/** A file name without a directory. */
export const fileNameSchema = z
  .string()
  .min(1, { error: 'a file name is required' })
  .max(255, { error: 'a file name has at most 255 characters' })
  .refine((n) => !/[/\\\0]/.test(n) && n !== '.' && n !== '..', {
    error: 'a file name has no directory in it',
  });

export const exportDestinationSchema = z.discriminatedUnion(
  'to',
  [
    /** Written by the host and offered as a download when done (the browser). */
    z.strictObject({ to: z.literal('download'), fileName: fileNameSchema.optional() }),
    /** A file the user chose with export.chooseFile (the desktop). */
    z.strictObject({ to: z.literal('file'), fileId: fileIdSchema }),
  ],
  { error: 'destination is { to: "download" } or { to: "file", fileId }' },
);
export type ExportDestination = z.infer<typeof exportDestinationSchema>;

export const exportInputSchema = z
  .strictObject({
    topic: topicNameSchema,
    /** Absent: every partition. */
    partitions: partitionListSchema.optional(),
    /** Where each partition starts (an offset applies to every partition, as kcat's -o does). */
    start: startPositionSchema.default({ from: 'oldest' }),
    /** Where each partition ends: an end offset is included, an end time is not. */
    end: endPositionSchema.default({ to: 'now' }),
    /** Only the records that match (the inspector's filters). */
    filter: messageFilterSchema.optional(),
    format: exportFormatSchema.default('jsonl'),
    gzip: z.boolean().default(false),
    /**
     * JSON Lines only: keys and values in the schema registry's wire format also written decoded
     * (`keyDecoded`, `valueDecoded`: the JSON, schema id, subject and version) beside their bytes.
     */
    decode: z.boolean().default(false),
    destination: exportDestinationSchema,
  })
  .refine((input) => !(input.gzip && input.format === 'parquet'), {
    error: 'Parquet compresses its own pages: gzip is for jsonl, csv and raw',
    path: ['gzip'],
  })
  .refine((input) => !input.decode || input.format === 'jsonl', {
    error: 'decoded keys and values are written to JSON Lines only',
    path: ['decode'],
  });
export type ExportInput = z.infer<typeof exportInputSchema>;

export const exportChooseFileInputSchema = z.strictObject({
  /** What the save dialog proposes, e.g. orders.jsonl.gz. */
  suggestedName: fileNameSchema,
  format: exportFormatSchema,
});

/** null when the user closed the dialog without choosing. */
export const chosenSaveFileSchema = z.object({ fileId: z.string(), name: z.string() }).nullable();

export const chosenOpenFileSchema = z
  .object({ fileId: z.string(), name: z.string(), bytes: z.number().int() })
  .nullable();

export const importInputSchema = z.strictObject({
  topic: topicNameSchema,
  fileId: fileIdSchema,
  /** Absent: from the file name (.jsonl, .ndjson, .csv, with or without .gz), else its first line. */
  format: importFormatSchema.optional(),
  /** Write each record to the partition the file names (else: by key, as producers do). */
  keepPartitions: z.boolean().default(false),
  /** Keep each record's timestamp from the file (else: the time of writing). */
  keepTimestamps: z.boolean().default(false),
  /**
   * Encode each value with a subject's schema (its latest version, or the one given) in the
   * schema registry's wire format: the value is JSON (a line's `valueDecoded.json` when an
   * export wrote one, else the value's text), checked against the schema first. Null values
   * stay null.
   */
  encode: z
    .strictObject({
      subject: subjectNameSchema,
      version: z.number().int().min(1, { error: 'a version is 1 or more' }).optional(),
    })
    .optional(),
});
export type ImportInput = z.infer<typeof importInputSchema>;

export const importPreviewInputSchema = z.strictObject({
  fileId: fileIdSchema,
  format: importFormatSchema.optional(),
  /** How many records to show. */
  limit: z.number().int().min(1).max(100).default(10),
});

export const importPreviewSchema = z.object({
  format: importFormatSchema,
  /** The file is gzip-compressed (it is read through gunzip). */
  gzip: z.boolean(),
  bytes: z.number().int(),
  records: z.array(
    z.object({
      /** Line of the file where the record starts (1 is the first line). */
      line: z.number().int(),
      partition: partitionSchema.nullable(),
      timestamp: timestampSchema.nullable(),
      key: encodedBytesSchema.nullable(),
      value: encodedBytesSchema.nullable(),
      headers: z.array(z.object({ key: z.string(), value: encodedBytesSchema.nullable() })),
    }),
  ),
  /** The first bad line among those read, if any. */
  problem: z.object({ line: z.number().int(), message: z.string() }).nullable(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;
