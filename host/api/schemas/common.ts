/**
 * Building blocks shared by the contract's schemas: Kafka names and numbers with the limits Kafka
 * itself enforces, and messages that say what is allowed.
 */
import { z } from 'zod';

/** Kafka's rule: 1–249 of [a-zA-Z0-9._-], and not "." or "..". */
export const topicNameSchema = z
  .string({ error: 'a topic name is required' })
  .min(1, { error: 'a topic name is required' })
  .max(249, { error: 'a topic name has at most 249 characters' })
  .regex(/^[a-zA-Z0-9._-]+$/, { error: "a topic name uses only letters, digits, '.', '_' and '-'" })
  .refine((n) => n !== '.' && n !== '..', { error: 'a topic name cannot be "." or ".."' });

export const groupIdSchema = z
  .string({ error: 'a group id is required' })
  .min(1, { error: 'a group id is required' })
  .max(255, { error: 'a group id has at most 255 characters' });

export const partitionSchema = z
  .number({ error: 'a partition number is required' })
  .int({ error: 'a partition is a whole number' })
  .min(0, { error: 'a partition is 0 or more' })
  .max(2 ** 31 - 1);

export const brokerIdSchema = z
  .number({ error: 'a broker id is required' })
  .int({ error: 'a broker id is a whole number' })
  .min(0, { error: 'a broker id is 0 or more' })
  .max(2 ** 31 - 1);

/** A record's offset (int64 on the wire; a safe integer here). */
export const offsetSchema = z
  .number({ error: 'an offset is required' })
  .int({ error: 'an offset is a whole number' })
  .min(0, { error: 'an offset is 0 or more' });

/** Milliseconds since the Unix epoch. */
export const timestampSchema = z
  .number({ error: 'a timestamp (ms since the epoch) is required' })
  .int({ error: 'a timestamp is whole milliseconds' })
  .min(0, { error: 'a timestamp is 0 or more' });

export const countSchema = z.number().int().min(0);

/** A method that takes no input: `{}` or nothing at all. */
export const noInputSchema = z.strictObject({}).default({});

/** Acknowledgements: all in-sync replicas (-1), the leader only (1), none (0). */
export const acksSchema = z.enum(['all', 'leader', 'none'], {
  error: 'acks is "all", "leader" or "none"',
});
export type Acks = z.infer<typeof acksSchema>;

export const compressionSchema = z.enum(['none', 'gzip', 'snappy', 'lz4', 'zstd']);

/** A list of distinct partitions; absent means every partition of the topic. */
export const partitionListSchema = z
  .array(partitionSchema)
  .min(1, { error: 'give at least one partition, or leave partitions out for all' })
  .max(10_000)
  .refine((ps) => new Set(ps).size === ps.length, { error: 'partitions are listed once each' });
