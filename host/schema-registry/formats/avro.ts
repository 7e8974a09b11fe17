/**
 * Avro: avsc parses the schema and decides compatibility with Avro's own schema-resolution rules
 * (`reader.createResolver(writer)` throws when the reader cannot read what the writer wrote:
 * a reader field without a default missing from the writer, a type that does not promote, an
 * enum symbol the reader lacks, a renamed record without an alias).
 */
import avro from 'avsc';
import { invalidSchema } from '../errors.js';
import type { ResolvedReference, SchemaInput } from '../types.js';
import type { ParsedSchema, SchemaFormat } from './format.js';

class AvroSchema implements ParsedSchema {
  constructor(
    readonly canonical: string,
    readonly type: avro.Type,
  ) {}

  readIssues(writer: ParsedSchema): string[] {
    if (!(writer instanceof AvroSchema)) return ['the writer schema is not an Avro schema'];
    try {
      this.type.createResolver(writer.type);
      return [];
    } catch (err) {
      return [(err as Error).message];
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw invalidSchema(`${text.slice(0, 200)}, details: ${(err as Error).message}`);
  }
}

/** The avsc type of a schema, its referenced named types resolved; decodes what a writer wrote. */
export function avroType(input: SchemaInput, references: readonly ResolvedReference[]): avro.Type {
  return parseAvro(input, references).type;
}

export const avroFormat: SchemaFormat = { parse: parseAvro };

function parseAvro(input: SchemaInput, references: readonly ResolvedReference[]): AvroSchema {
  // Referenced named types go into one registry first, so the schema can name them.
  const registry: Record<string, avro.Type> = {};
  try {
    for (const ref of references)
      avro.Type.forSchema(parseJson(ref.schema.schema) as avro.Schema, { registry });
  } catch (err) {
    throw invalidSchema(`a reference does not parse: ${(err as Error).message}`);
  }
  const json = parseJson(input.schema);
  try {
    const type = avro.Type.forSchema(json as avro.Schema, { registry });
    return new AvroSchema(JSON.stringify(json), type);
  } catch (err) {
    throw invalidSchema(`${input.schema.slice(0, 200)}, details: ${(err as Error).message}`);
  }
}
