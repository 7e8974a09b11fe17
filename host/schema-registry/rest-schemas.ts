/**
 * The request bodies of the registry's REST API, checked at the door. Fields Confluent's newer
 * clients send and this registry does not use (metadata, ruleSet) are allowed and ignored.
 */
import { z } from 'zod';
import { compatibilityLevels, schemaTypes, type SchemaInput } from './types.js';

export const schemaBody = z.looseObject({
  schema: z.string().min(1, 'Empty schema'),
  schemaType: z.enum(schemaTypes).optional(),
  references: z
    .array(
      z.object({ name: z.string().min(1), subject: z.string().min(1), version: z.number().int().min(1) }),
    )
    .nullish(),
});

export function schemaInput(body: z.infer<typeof schemaBody>): SchemaInput {
  return { schema: body.schema, schemaType: body.schemaType ?? 'AVRO', references: body.references ?? [] };
}

/** `{"compatibility":"FULL"}`; Confluent also takes the level in any case. */
export const configBody = z.looseObject({
  compatibility: z.string().transform((s) => s.toUpperCase()),
});

export const isCompatibilityLevel = (s: string): s is (typeof compatibilityLevels)[number] =>
  (compatibilityLevels as readonly string[]).includes(s);
