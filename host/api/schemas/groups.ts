/** Consumer groups: list, describe with lag, lag over time, offset resets, delete. */
import { z } from 'zod';
import {
  groupIdSchema,
  offsetSchema,
  partitionListSchema,
  timestampSchema,
  topicNameSchema,
} from './common.js';

export const groupSummarySchema = z.object({
  groupId: z.string(),
  /** Kafka's group state: Stable, PreparingRebalance, CompletingRebalance, Empty, Dead, ... */
  state: z.string(),
  /** "consumer" for consumer groups, "" for groups that only commit offsets. */
  protocolType: z.string(),
  members: z.number().int(),
  coordinator: z.number().int().min(-1),
  /** Σ lag over the group's committed partitions; null while unknown. */
  totalLag: z.number().int().nullable(),
});
export type GroupSummary = z.infer<typeof groupSummarySchema>;

export const groupIdInputSchema = z.strictObject({ groupId: groupIdSchema });

export const groupMemberSchema = z.object({
  memberId: z.string(),
  groupInstanceId: z.string().nullable(),
  clientId: z.string(),
  clientHost: z.string(),
  assignments: z.array(z.object({ topic: z.string(), partitions: z.array(z.number().int()) })),
});

/** One partition's lag; the shape `brokerlab groups describe --json` prints. */
export const partitionLagSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  /** null when the group has not committed on this partition. */
  committedOffset: z.number().int().nullable(),
  logEndOffset: z.number().int(),
  lag: z.number().int().nullable(),
  /** The member id of the owner, when the partition is assigned. */
  member: z.string().nullable(),
});
export type PartitionLag = z.infer<typeof partitionLagSchema>;

export const groupDescriptionSchema = z.object({
  groupId: z.string(),
  state: z.string(),
  protocolType: z.string(),
  /** The assignor the members agreed on (range, cooperative-sticky, ...). */
  protocol: z.string(),
  coordinator: z.number().int().min(-1),
  members: z.array(groupMemberSchema),
  offsets: z.array(partitionLagSchema),
  totalLag: z.number().int().nullable(),
});
export type GroupDescription = z.infer<typeof groupDescriptionSchema>;

export const lagSampleSchema = z.object({
  groupId: z.string(),
  timestamp: z.number(),
  totalLag: z.number().int().nullable(),
  partitions: z.array(partitionLagSchema),
});
export type LagSample = z.infer<typeof lagSampleSchema>;

export const lagSeriesInputSchema = z.strictObject({
  groupId: groupIdSchema,
  /** Only samples taken at or after this time. */
  since: timestampSchema.optional(),
});

export const lagSeriesOutputSchema = z.object({
  groupId: z.string(),
  /** How often samples are taken. */
  intervalMs: z.number().int(),
  /** Oldest first; bounded (the most recent samples only). */
  samples: z.array(lagSampleSchema),
});

export const resetTargetSchema = z.discriminatedUnion(
  'to',
  [
    z.strictObject({ to: z.literal('earliest') }),
    z.strictObject({ to: z.literal('latest') }),
    z.strictObject({ to: z.literal('timestamp'), timestamp: timestampSchema }),
    z.strictObject({ to: z.literal('offset'), offset: offsetSchema }),
    z.strictObject({
      to: z.literal('shift'),
      by: z.number().int({ error: 'shift by a whole number of records' }),
    }),
  ],
  { error: 'target is earliest, latest, timestamp, offset or shift' },
);

export const resetOffsetsInputSchema = z.strictObject({
  groupId: groupIdSchema,
  /** Absent: every topic the group has committed offsets for. */
  topic: topicNameSchema.optional(),
  partitions: partitionListSchema.optional(),
  target: resetTargetSchema,
  /** Compute and return the new offsets, commit nothing. */
  dryRun: z.boolean().default(false),
});

export const resetOffsetsOutputSchema = z.object({
  groupId: z.string(),
  dryRun: z.boolean(),
  offsets: z.array(
    z.object({
      topic: z.string(),
      partition: z.number().int(),
      previousOffset: z.number().int().nullable(),
      newOffset: z.number().int(),
    }),
  ),
});

export const groupRefOutputSchema = z.object({ groupId: z.string() });

export const lagArgsSchema = z.strictObject({ groupId: groupIdSchema });
