/**
 * The schema registry in the console: the subjects of the registry beside the active cluster (the
 * embedded cluster's own), one version with its schema, a draft checked against a subject under
 * its compatibility level, registering and deleting.
 */
import { z } from 'zod';
import { validEncodedBytesSchema } from '../bytes.js';

export const schemaTypeSchema = z.enum(['AVRO', 'PROTOBUF', 'JSON'], {
  error: 'the schema type is AVRO, PROTOBUF or JSON',
});
export const compatibilityLevelSchema = z.enum([
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
]);

export const subjectNameSchema = z
  .string({ error: 'a subject is required' })
  .min(1, { error: 'a subject is required' })
  .max(1_000, { error: 'a subject has at most 1000 characters' });

export const schemaSubjectSchema = z.object({
  subject: z.string(),
  schemaType: schemaTypeSchema,
  /** Live versions, oldest first. */
  versions: z.array(z.number().int()),
  latestId: z.number().int(),
});
export type SchemaSubject = z.infer<typeof schemaSubjectSchema>;

export const schemasListOutputSchema = z.object({
  /** The registry's URL. */
  registry: z.string(),
  /** The global compatibility level. */
  compatibility: compatibilityLevelSchema,
  subjects: z.array(schemaSubjectSchema),
});

export const schemaVersionInputSchema = z.strictObject({
  subject: subjectNameSchema,
  /** Absent: the latest. */
  version: z.number().int().min(1, { error: 'a version is 1 or more' }).optional(),
});

export const schemaVersionSchema = z.object({
  subject: z.string(),
  version: z.number().int(),
  id: z.number().int(),
  schemaType: schemaTypeSchema,
  schema: z.string(),
  references: z.array(z.object({ name: z.string(), subject: z.string(), version: z.number().int() })),
  /** The subject's level (its own, else the global one). */
  compatibility: compatibilityLevelSchema,
});
export type SchemaVersion = z.infer<typeof schemaVersionSchema>;

export const schemaDraftInputSchema = z.strictObject({
  subject: subjectNameSchema,
  schemaType: schemaTypeSchema,
  schema: z.string({ error: 'a schema is required' }).min(1, { error: 'a schema is required' }),
});

export const schemaCheckOutputSchema = z.object({
  compatible: z.boolean(),
  compatibility: compatibilityLevelSchema,
  /** Why not, one line per problem (empty when compatible). */
  messages: z.array(z.string()),
});

export const schemaRegisterOutputSchema = z.object({ id: z.number().int(), version: z.number().int() });

export const schemaDeleteInputSchema = z.strictObject({
  subject: subjectNameSchema,
  /** Absent: every version of the subject. */
  version: z.number().int().min(1, { error: 'a version is 1 or more' }).optional(),
  /** Deletes for good what was soft-deleted before. */
  permanent: z.boolean().default(false),
});

export const schemaDeleteOutputSchema = z.object({ versions: z.array(z.number().int()) });

export const schemaDecodeInputSchema = z.strictObject({ bytes: validEncodedBytesSchema });

export const schemaDecodeOutputSchema = z.object({
  /** Null when the bytes are not in the registry's wire format, or could not be decoded. */
  decoded: z
    .object({
      schemaId: z.number().int(),
      schemaType: schemaTypeSchema,
      subject: z.string().nullable(),
      version: z.number().int().nullable(),
      /** The value as JSON text. */
      json: z.string(),
    })
    .nullable(),
  /** Why framed bytes could not be decoded (unknown schema id, bytes the schema rejects); else null. */
  problem: z.string().nullable(),
});

export const schemaEncodeInputSchema = z.strictObject({
  subject: subjectNameSchema,
  /** Absent: the latest. */
  version: z.number().int().min(1, { error: 'a version is 1 or more' }).optional(),
  /** The value as JSON text. */
  json: z.string({ error: 'a JSON value is required' }),
});

export const schemaEncodeOutputSchema = z.object({
  bytes: z.object({ encoding: z.literal('base64'), data: z.string() }),
  schemaId: z.number().int(),
  version: z.number().int(),
});
