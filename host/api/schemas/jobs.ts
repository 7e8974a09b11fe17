/**
 * Jobs: long work (filtered scans, produce runs, exports and imports) that reports
 * progress and can be cancelled. Jobs live in the console service; finished ones are kept for a
 * while so their results can still be read.
 */
import { z } from 'zod';
import { errorEnvelopeSchema } from '../errors.js';

export const jobKindSchema = z.enum(['scan', 'produce', 'export', 'import']);
export const jobStateSchema = z.enum(['running', 'done', 'failed', 'cancelled']);

export const jobProgressSchema = z.object({
  /** Records processed so far (scanned, produced, written). */
  records: z.number().int(),
  bytes: z.number().int(),
  /** Known totals, for a percentage and an ETA. */
  totalRecords: z.number().int().nullable(),
  totalBytes: z.number().int().nullable(),
  /** Records that matched, for scans. */
  matched: z.number().int().nullable(),
  percent: z.number().min(0).max(100).nullable(),
  recordsPerSecond: z.number(),
  bytesPerSecond: z.number(),
  etaMs: z.number().nullable(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const jobResultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('scan'),
    scanned: z.number().int(),
    matched: z.number().int(),
    /** Stopped at maxMatches before the end. */
    limitReached: z.boolean(),
  }),
  z.object({
    kind: z.literal('produce'),
    produced: z.number().int(),
    partitions: z.array(
      z.object({ partition: z.number().int(), firstOffset: z.number().int(), lastOffset: z.number().int() }),
    ),
  }),
  z.object({
    kind: z.literal('export'),
    /** Records examined (more than written when a filter is set). */
    scanned: z.number().int(),
    /** Records written to the file. */
    records: z.number().int(),
    /** Size of the finished file. */
    bytes: z.number().int(),
    fileName: z.string(),
    /** For an export to `download`: the id of the web host's download route. */
    downloadId: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('import'),
    /** Records written to the topic (acknowledged by every in-sync replica). */
    records: z.number().int(),
    partitions: z.array(
      z.object({ partition: z.number().int(), firstOffset: z.number().int(), lastOffset: z.number().int() }),
    ),
  }),
]);
export type JobResult = z.infer<typeof jobResultSchema>;

export const jobStatusSchema = z.object({
  id: z.string(),
  kind: jobKindSchema,
  /** What it does, in words ("scan orders for value contains 'abc'"). */
  title: z.string(),
  state: jobStateSchema,
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  progress: jobProgressSchema,
  /** Set when done. */
  result: jobResultSchema.nullable(),
  /** Set when failed. */
  error: errorEnvelopeSchema.nullable(),
});
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const jobIdInputSchema = z.strictObject({
  jobId: z.string().min(1, { error: 'a job id is required' }),
});

export const jobsProgressArgsSchema = z
  .strictObject({
    /** Only this job; absent: every job. */
    jobId: z.string().min(1).optional(),
  })
  .default({});
