/** Topics: list with sizes and counts, describe with partitions and configs, and changes. */
import { z } from 'zod';
import { offsetSchema, partitionSchema, topicNameSchema } from './common.js';

const configName = z
  .string()
  .min(1, { error: 'a config name is required' })
  .max(255)
  .regex(/^[a-z0-9._-]+$/, { error: 'a config name looks like "retention.ms"' });
const configValue = z.string().max(32_768);
/** Topic configs by Kafka's names, e.g. { "retention.ms": "86400000" }. */
const configMap = z.record(configName, configValue);

export const topicSummarySchema = z.object({
  name: z.string(),
  topicId: z.string().nullable(),
  internal: z.boolean(),
  partitions: z.number().int(),
  replicationFactor: z.number().int(),
  /** Bytes on disk across the leader replicas; null where the cluster does not report sizes. */
  sizeBytes: z.number().int().nullable(),
  /** Σ (high watermark − log start offset): what a consumer from the start would read. */
  messageCount: z.number().int().nullable(),
  underReplicatedPartitions: z.number().int(),
  offlinePartitions: z.number().int(),
  retentionMs: z.number().int().nullable(),
  retentionBytes: z.number().int().nullable(),
  cleanupPolicy: z.string().nullable(),
});
export type TopicSummary = z.infer<typeof topicSummarySchema>;

export const topicsListInputSchema = z
  .strictObject({ includeInternal: z.boolean().default(false) })
  .default({ includeInternal: false });

export const configSourceSchema = z.enum([
  'topic',
  'dynamic-broker',
  'dynamic-default-broker',
  'static-broker',
  'default',
  'unknown',
]);

export const configTypeSchema = z.enum([
  'boolean',
  'string',
  'int',
  'short',
  'long',
  'double',
  'list',
  'class',
  'password',
  'unknown',
]);

export const configEntrySchema = z.object({
  name: z.string(),
  /** null for sensitive values and unset ones. */
  value: z.string().nullable(),
  source: configSourceSchema,
  isDefault: z.boolean(),
  readOnly: z.boolean(),
  sensitive: z.boolean(),
  type: configTypeSchema,
  documentation: z.string().nullable(),
});
export type ConfigEntry = z.infer<typeof configEntrySchema>;

export const topicPartitionInfoSchema = z.object({
  partition: z.number().int(),
  leader: z.number().int().min(-1),
  leaderEpoch: z.number().int(),
  replicas: z.array(z.number().int()),
  isr: z.array(z.number().int()),
  offlineReplicas: z.array(z.number().int()),
  logStartOffset: z.number().int().nullable(),
  highWatermark: z.number().int().nullable(),
  sizeBytes: z.number().int().nullable(),
});

export const topicDescriptionSchema = z.object({
  name: z.string(),
  topicId: z.string().nullable(),
  internal: z.boolean(),
  partitions: z.array(topicPartitionInfoSchema),
  /** Every topic config with its effective value and where that value comes from. */
  configs: z.array(configEntrySchema),
});
export type TopicDescription = z.infer<typeof topicDescriptionSchema>;

export const topicNameInputSchema = z.strictObject({ name: topicNameSchema });

export const configDefinitionSchema = z.object({
  name: z.string(),
  type: configTypeSchema,
  defaultValue: z.string().nullable(),
  documentation: z.string().nullable(),
  /** The allowed values where the config is an enumeration (cleanup.policy, compression.type). */
  validValues: z.array(z.string()).nullable(),
});

export const topicsCreateInputSchema = z.strictObject({
  name: topicNameSchema,
  /** Absent: the broker's num.partitions. */
  partitions: z
    .number()
    .int({ error: 'partitions is a whole number' })
    .min(1, { error: 'a topic has at least 1 partition' })
    .max(100_000, { error: 'at most 100000 partitions' })
    .optional(),
  /** Absent: the broker's default.replication.factor. */
  replicationFactor: z
    .number()
    .int({ error: 'replicationFactor is a whole number' })
    .min(1, { error: 'replicationFactor is at least 1' })
    .max(32_767)
    .optional(),
  configs: configMap.default({}),
  /** Check everything, create nothing. */
  validateOnly: z.boolean().default(false),
});

export const topicsCreateOutputSchema = z.object({
  name: z.string(),
  topicId: z.string().nullable(),
  partitions: z.number().int(),
  replicationFactor: z.number().int(),
});

export const topicsAlterConfigsInputSchema = z
  .strictObject({
    name: topicNameSchema,
    /** Configs to set on the topic. */
    set: configMap.default({}),
    /** Overrides to remove, so the broker's value or Kafka's default applies again. */
    delete: z.array(configName).default([]),
    validateOnly: z.boolean().default(false),
  })
  .refine((i) => Object.keys(i.set).length + i.delete.length > 0, {
    error: 'nothing to change: give configs to set or to delete',
  })
  .refine((i) => !i.delete.some((k) => k in i.set), {
    error: 'a config cannot be both set and deleted',
    path: ['delete'],
  });

export const topicsAddPartitionsInputSchema = z.strictObject({
  name: topicNameSchema,
  /** The new total number of partitions (Kafka only adds, never removes). */
  count: z
    .number()
    .int({ error: 'count is a whole number' })
    .min(2, { error: 'count is the new total, at least 2' })
    .max(100_000),
});

export const topicsDeleteRecordsInputSchema = z.strictObject({
  name: topicNameSchema,
  partitions: z
    .array(
      z.strictObject({
        partition: partitionSchema,
        /** Records before this offset go; "highWatermark" empties the partition. */
        beforeOffset: z.union([offsetSchema, z.literal('highWatermark')]),
      }),
    )
    .min(1, { error: 'give at least one partition' }),
});

export const topicsDeleteRecordsOutputSchema = z.object({
  name: z.string(),
  partitions: z.array(z.object({ partition: z.number().int(), lowWatermark: z.number().int() })),
});

export const topicRefOutputSchema = z.object({ name: z.string() });

export const topicsAddPartitionsOutputSchema = z.object({ name: z.string(), partitions: z.number().int() });
