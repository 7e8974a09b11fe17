/**
 * The nouns of the Confluent Schema Registry, as its REST API and its `_schemas` topic name them.
 */
export const schemaTypes = ['AVRO', 'PROTOBUF', 'JSON'] as const;
export type SchemaType = (typeof schemaTypes)[number];

export const compatibilityLevels = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
export type CompatibilityLevel = (typeof compatibilityLevels)[number];

/** Confluent's default for a registry with no global config. */
export const DEFAULT_COMPATIBILITY: CompatibilityLevel = 'BACKWARD';

/** A schema's dependency on another subject's version, under the name the schema uses for it. */
export interface SchemaReference {
  /** An Avro full name, a Protobuf import path or a JSON Schema `$ref` URL. */
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** What a client registers: the schema text, its type and its references. */
export interface SchemaInput {
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references: readonly SchemaReference[];
}

/** One version of one subject, as the `_schemas` topic keeps it. */
export interface SubjectVersion extends SchemaInput {
  readonly subject: string;
  readonly version: number;
  /** Global id: the same schema under two subjects has one id. */
  readonly id: number;
  /** Soft-deleted: kept, but hidden unless asked for with `deleted=true`. */
  readonly deleted: boolean;
}

/** A referenced schema, resolved to its text, with its own references resolved in turn. */
export interface ResolvedReference {
  readonly name: string;
  readonly schema: SchemaInput;
}
