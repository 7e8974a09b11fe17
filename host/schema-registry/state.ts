/**
 * The registry's state as the `_schemas` topic holds it, in Confluent's record layout so that the
 * topic reads like Confluent's own:
 *
 *   key   {"keytype":"SCHEMA","subject":"orders-value","version":2,"magic":1}
 *   value {"subject":"orders-value","version":2,"id":7,"schemaType":"PROTOBUF",
 *          "references":[...],"schema":"syntax = ...","deleted":false}
 *   key   {"keytype":"CONFIG","subject":null,"magic":0}     (null: the global level)
 *   value {"compatibilityLevel":"FULL"}
 *
 * `schemaType` is left out for AVRO and `references` when empty, as Confluent writes them. A
 * permanent delete is a tombstone (null value), so compaction forgets the version; a soft delete
 * rewrites the value with `"deleted":true`. Keys are written with their fields in this order every
 * time, since compaction compares key bytes.
 */
import { z } from 'zod';
import { compatibilityLevels, schemaTypes, type CompatibilityLevel, type SubjectVersion } from './types.js';

export interface LogRecordText {
  readonly key: string;
  /** Null: a tombstone. */
  readonly value: string | null;
}

const keySchema = z.union([
  z.object({ keytype: z.literal('SCHEMA'), subject: z.string(), version: z.number().int() }),
  z.object({ keytype: z.literal('CONFIG'), subject: z.string().nullable() }),
  z.object({ keytype: z.string() }),
]);

const schemaValue = z.object({
  subject: z.string(),
  version: z.number().int(),
  id: z.number().int(),
  schemaType: z.enum(schemaTypes).optional(),
  references: z
    .array(z.object({ name: z.string(), subject: z.string(), version: z.number().int() }))
    .optional(),
  schema: z.string(),
  deleted: z.boolean().optional(),
});

const configValue = z.object({ compatibilityLevel: z.enum(compatibilityLevels) });

export function schemaKey(subject: string, version: number): string {
  return JSON.stringify({ keytype: 'SCHEMA', subject, version, magic: 1 });
}

export function configKey(subject: string | null): string {
  return JSON.stringify({ keytype: 'CONFIG', subject, magic: 0 });
}

export function schemaRecord(v: SubjectVersion): LogRecordText {
  const value = {
    subject: v.subject,
    version: v.version,
    id: v.id,
    ...(v.schemaType === 'AVRO' ? {} : { schemaType: v.schemaType }),
    ...(v.references.length > 0 ? { references: v.references } : {}),
    schema: v.schema,
    deleted: v.deleted,
  };
  return { key: schemaKey(v.subject, v.version), value: JSON.stringify(value) };
}

export function configRecord(subject: string | null, level: CompatibilityLevel | null): LogRecordText {
  return {
    key: configKey(subject),
    value: level === null ? null : JSON.stringify({ compatibilityLevel: level }),
  };
}

/** Identity of a schema across subjects: same type, text and references share one id. */
export function fingerprint(v: Pick<SubjectVersion, 'schemaType' | 'schema' | 'references'>): string {
  return JSON.stringify([v.schemaType, v.schema, v.references.map((r) => [r.name, r.subject, r.version])]);
}

export class RegistryState {
  /** subject → version → its record. */
  readonly subjects = new Map<string, Map<number, SubjectVersion>>();
  readonly subjectLevels = new Map<string, CompatibilityLevel>();
  globalLevel: CompatibilityLevel | null = null;
  private readonly idsByFingerprint = new Map<string, number>();
  private maxId = 0;

  /** Applies one record of the topic; records it cannot read are skipped (another writer's kinds). */
  apply(record: LogRecordText): void {
    let key: z.infer<typeof keySchema>;
    try {
      key = keySchema.parse(JSON.parse(record.key));
    } catch {
      return;
    }
    if (key.keytype === 'SCHEMA' && 'version' in key)
      this.applySchema(key.subject, key.version, record.value);
    else if (key.keytype === 'CONFIG' && 'subject' in key) this.applyConfig(key.subject, record.value);
  }

  private applySchema(subject: string, version: number, text: string | null): void {
    const versions = this.subjects.get(subject) ?? new Map<number, SubjectVersion>();
    if (text === null) {
      versions.delete(version);
      if (versions.size === 0) this.subjects.delete(subject);
      return;
    }
    const parsed = schemaValue.safeParse(safeJson(text));
    if (!parsed.success) return;
    const value = parsed.data;
    const entry: SubjectVersion = {
      subject,
      version,
      id: value.id,
      schemaType: value.schemaType ?? 'AVRO',
      schema: value.schema,
      references: value.references ?? [],
      deleted: value.deleted ?? false,
    };
    versions.set(version, entry);
    this.subjects.set(subject, versions);
    this.idsByFingerprint.set(fingerprint(entry), entry.id);
    this.maxId = Math.max(this.maxId, entry.id);
  }

  private applyConfig(subject: string | null, text: string | null): void {
    const parsed = text === null ? null : configValue.safeParse(safeJson(text));
    const level = parsed?.success ? parsed.data.compatibilityLevel : null;
    if (subject === null) this.globalLevel = level;
    else if (level === null) this.subjectLevels.delete(subject);
    else this.subjectLevels.set(subject, level);
  }

  /** The id a schema has or would get. */
  idFor(v: Pick<SubjectVersion, 'schemaType' | 'schema' | 'references'>): number {
    return this.idsByFingerprint.get(fingerprint(v)) ?? this.maxId + 1;
  }

  /** Every version, soft-deleted ones too, that carries schema `id`. */
  versionsWithId(id: number): SubjectVersion[] {
    const out: SubjectVersion[] = [];
    for (const versions of this.subjects.values())
      for (const v of versions.values()) if (v.id === id) out.push(v);
    return out.sort((a, b) =>
      a.subject === b.subject ? a.version - b.version : a.subject < b.subject ? -1 : 1,
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
