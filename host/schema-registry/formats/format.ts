/**
 * What the registry needs of a schema format: parse a schema (with the schemas it references)
 * into something it can compare, and say why data written with one schema cannot be read with
 * another. The compatibility levels (./compatibility.ts) are built from that one question.
 */
import type { ResolvedReference, SchemaInput } from '../types.js';

export interface ParsedSchema {
  /**
   * The text kept and compared: two registrations whose canonical texts (and references) match are
   * the same schema, so registering again answers the existing id.
   */
  readonly canonical: string;
  /** Why data written with `writer` cannot be read with this schema; empty when it can. */
  readIssues(writer: ParsedSchema): string[];
}

export interface SchemaFormat {
  /**
   * Parses `input`; `references` are its dependencies resolved and flattened, each before the
   * schemas that use it. Throws a RegistryError 42201 when the schema is not valid.
   */
  parse(input: SchemaInput, references: readonly ResolvedReference[]): ParsedSchema;
}
