/**
 * Faults of the embedded cluster. Each injected fault gets an id to heal it with; several can be
 * active at once. On a remote cluster every one of these answers LOCAL_ONLY.
 */
import { z } from 'zod';
import { brokerIdSchema } from './common.js';
import { brokerIsolationSchema, faultSchema } from './cluster.js';

export const brokerInputSchema = z.strictObject({ brokerId: brokerIdSchema });

export const isolateInputSchema = z.strictObject({
  brokerId: brokerIdSchema,
  /** brokers: cut from the other brokers; clients: from Kafka clients; all: both. */
  from: brokerIsolationSchema.default('all'),
});

export const delayInputSchema = z.strictObject({
  brokerId: brokerIdSchema,
  /** One link (brokerId ⇄ peerId), or every link of the broker when absent. */
  peerId: brokerIdSchema.optional(),
  ms: z
    .number()
    .int()
    .min(1, { error: 'a delay is at least 1 ms' })
    .max(60_000, { error: 'a delay is at most 60000 ms' }),
});

export const lossInputSchema = z.strictObject({
  brokerId: brokerIdSchema,
  peerId: brokerIdSchema.optional(),
  /** Probability that a message is dropped, in (0, 1]. */
  rate: z.number().gt(0, { error: 'rate is more than 0' }).max(1, { error: 'rate is at most 1' }),
});

export const slowDiskInputSchema = z.strictObject({
  brokerId: brokerIdSchema,
  /** Extra milliseconds per disk write, and per fetch answer carrying records. */
  ms: z.number().int().min(1).max(60_000),
});

export const healInputSchema = z
  .strictObject({
    /** Heal this fault. */
    faultId: z.string().min(1).optional(),
    /** Heal every fault of this broker (restarting it if it is down). */
    brokerId: brokerIdSchema.optional(),
  })
  .refine((i) => (i.faultId === undefined) !== (i.brokerId === undefined), {
    error: 'give either faultId or brokerId',
  });

export const faultOutputSchema = faultSchema;
export const healedOutputSchema = z.object({ healed: z.array(faultSchema) });
export const faultsListOutputSchema = z.array(faultSchema);
