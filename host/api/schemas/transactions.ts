/**
 * Transactions: every transactional id with its coordinator's view of it, per partition the last
 * stable offset beside the high watermark with the open transactions holding it, and aborting a
 * hanging transaction the way `kafka-transactions abort` does.
 */
import { z } from 'zod';
import { offsetSchema, partitionSchema, topicNameSchema } from './common.js';

/** A producer id or epoch as Kafka numbers them (int64 / int16 on the wire). */
const producerIdSchema = z
  .number({ error: 'a producer id is required' })
  .int({ error: 'a producer id is a whole number' })
  .min(0, { error: 'a producer id is 0 or more' });

export const transactionalIdSchema = z
  .string({ error: 'a transactional id is required' })
  .min(1, { error: 'a transactional id is required' })
  .max(32_767, { error: 'a transactional id has at most 32767 characters' });

export const transactionSchema = z.object({
  transactionalId: z.string(),
  /** Kafka's state names: Empty, Ongoing, PrepareCommit, PrepareAbort, CompleteCommit, CompleteAbort, Dead, PrepareEpochFence. */
  state: z.string(),
  producerId: z.number().int(),
  producerEpoch: z.number().int(),
  /** The broker coordinating it. */
  coordinator: z.number().int(),
  timeoutMs: z.number().int(),
  /** When the ongoing transaction started (ms since the epoch), null when none is ongoing. */
  startedAt: z.number().nullable(),
  partitions: z.array(z.object({ topic: z.string(), partition: z.number().int() })),
});
export type Transaction = z.infer<typeof transactionSchema>;

export const transactionIdInputSchema = z.strictObject({ transactionalId: transactionalIdSchema });

/** An open transaction of one producer on one partition (DescribeProducers). */
export const openTransactionSchema = z.object({
  producerId: z.number().int(),
  producerEpoch: z.number().int(),
  coordinatorEpoch: z.number().int(),
  /** The first offset of the producer's open transaction: the LSO cannot pass it. */
  startOffset: z.number().int(),
  lastTimestamp: z.number(),
  /** The transactional id, when a coordinator lists the producer id. */
  transactionalId: z.string().nullable(),
});
export type OpenTransaction = z.infer<typeof openTransactionSchema>;

export const partitionStabilitySchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  leader: z.number().int(),
  /** Null while it cannot be had (no leader). */
  highWatermark: z.number().int().nullable(),
  /** What read_committed consumers can read up to. */
  lastStableOffset: z.number().int().nullable(),
  openTransactions: z.array(openTransactionSchema),
});
export type PartitionStability = z.infer<typeof partitionStabilitySchema>;

export const transactionPartitionsInputSchema = z.strictObject({ topic: topicNameSchema });

export const abortTransactionInputSchema = z.strictObject({
  topic: topicNameSchema,
  partition: partitionSchema,
  /** Which producer's transaction, when more than one is open on the partition. */
  producerId: producerIdSchema.optional(),
  /** Or: the transaction that starts at this offset (what `kafka-transactions abort --start-offset` names). */
  startOffset: offsetSchema.optional(),
});

export const abortTransactionOutputSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  producerId: z.number().int(),
  producerEpoch: z.number().int(),
  startOffset: z.number().int(),
});
