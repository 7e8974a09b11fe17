/**
 * JSON Schema: ajv checks that a schema is a valid JSON Schema (draft-07 by default, 2020-12 when
 * its `$schema` says so) and that its references resolve. Compatibility is Confluent's model,
 * written here since no library has it: a reader can read a writer's data when every document
 * the writer accepts the reader accepts too. Checked structurally:
 * - types: the reader's types cover the writer's (`integer` is within `number`);
 * - objects: a property the writer may write (named, or any under an open content model) must be
 *   accepted by the reader's schema for it (its named property, or its `additionalProperties`);
 *   a property the reader requires must be required by the writer;
 * - arrays: items, recursively; enums: the writer's values are among the reader's;
 * - bounds (minimum, maximum, minLength, maxLength, minItems, maxItems): the reader's range holds
 *   the writer's.
 */
import { Ajv, type AnySchema } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { invalidSchema } from '../errors.js';
import type { ResolvedReference, SchemaInput } from '../types.js';
import type { ParsedSchema, SchemaFormat } from './format.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Node = boolean | { [key: string]: Json };

/** Resolves `$ref`s within a document and to referenced schemas by name. */
class Document {
  constructor(
    readonly root: Node,
    readonly named: ReadonlyMap<string, Node>,
  ) {}

  deref(node: Node, depth = 0): Node {
    if (typeof node === 'boolean' || typeof node.$ref !== 'string' || depth > 32) return node;
    const ref = node.$ref;
    const [base, pointer = ''] = ref.split('#', 2) as [string, string?];
    const doc = base === '' ? this.root : this.named.get(base);
    if (doc === undefined) return true;
    let target: Json = doc as Json;
    for (const part of pointer.split('/').filter((p) => p.length > 0)) {
      const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
      target =
        target !== null && typeof target === 'object' && !Array.isArray(target)
          ? (target[key] ?? true)
          : true;
    }
    return this.deref(isNode(target) ? target : true, depth + 1);
  }
}

function isNode(value: Json | undefined): value is Node {
  return typeof value === 'boolean' || (value !== null && typeof value === 'object' && !Array.isArray(value));
}

function typesOf(node: { [key: string]: Json }): Set<string> | null {
  const type = node.type;
  if (typeof type === 'string') return new Set([type]);
  if (Array.isArray(type)) return new Set(type.filter((t): t is string => typeof t === 'string'));
  return null;
}

function num(node: { [key: string]: Json }, key: string): number | undefined {
  const value = node[key];
  return typeof value === 'number' ? value : undefined;
}

/** Why the reader may refuse a document the writer accepts; `path` names where. */
function subsetIssues(
  writerDoc: Document,
  writerNode: Node,
  readerDoc: Document,
  readerNode: Node,
  path: string,
  depth = 0,
): string[] {
  const writer = writerDoc.deref(writerNode);
  const reader = readerDoc.deref(readerNode);
  if (reader === true || writer === false || depth > 64) return [];
  if (reader === false) return [`${path}: the reader accepts nothing here`];
  const w = writer === true ? {} : writer;
  const issues: string[] = [];

  const readerTypes = typesOf(reader);
  const writerTypes = typesOf(w);
  if (readerTypes) {
    if (!writerTypes) issues.push(`TYPE_NARROWED ${path}: the writer allows any type`);
    else {
      for (const t of writerTypes) {
        const covered = readerTypes.has(t) || (t === 'integer' && readerTypes.has('number'));
        if (!covered) issues.push(`TYPE_NARROWED ${path}: ${t} is no longer allowed`);
      }
    }
  }

  if (Array.isArray(reader.enum)) {
    const readerValues = new Set(reader.enum.map((v) => JSON.stringify(v)));
    if (!Array.isArray(w.enum)) issues.push(`ENUM_ARRAY_NARROWED ${path}: the reader added an enum`);
    else {
      for (const v of w.enum) {
        if (!readerValues.has(JSON.stringify(v)))
          issues.push(`ENUM_ARRAY_NARROWED ${path}: ${JSON.stringify(v)} was removed`);
      }
    }
  }

  for (const [low, high] of [
    ['minimum', 'maximum'],
    ['minLength', 'maxLength'],
    ['minItems', 'maxItems'],
  ] as const) {
    const rLow = num(reader, low);
    const wLow = num(w, low);
    if (rLow !== undefined && (wLow === undefined || wLow < rLow))
      issues.push(`${low.toUpperCase()}_INCREASED ${path}`);
    const rHigh = num(reader, high);
    const wHigh = num(w, high);
    if (rHigh !== undefined && (wHigh === undefined || wHigh > rHigh))
      issues.push(`${high.toUpperCase()}_DECREASED ${path}`);
  }

  const mayBeObject = !writerTypes || writerTypes.has('object');
  if (mayBeObject && (reader.properties || reader.required || reader.additionalProperties !== undefined)) {
    issues.push(...objectIssues(writerDoc, w, readerDoc, reader, path, depth));
  }

  const mayBeArray = !writerTypes || writerTypes.has('array');
  if (mayBeArray && isNode(reader.items) && (isNode(w.items) || w.items === undefined)) {
    issues.push(
      ...subsetIssues(
        writerDoc,
        (w.items as Node | undefined) ?? true,
        readerDoc,
        reader.items,
        `${path}[]`,
        depth + 1,
      ),
    );
  }
  return issues;
}

function objectIssues(
  writerDoc: Document,
  writer: { [key: string]: Json },
  readerDoc: Document,
  reader: { [key: string]: Json },
  path: string,
  depth: number,
): string[] {
  const issues: string[] = [];
  const props = (node: { [key: string]: Json }) =>
    isNode(node.properties) && typeof node.properties === 'object'
      ? (node.properties as Record<string, Json>)
      : {};
  const writerProps = props(writer);
  const readerProps = props(reader);
  const writerExtra: Node = isNode(writer.additionalProperties) ? writer.additionalProperties : true;
  const readerExtra: Node = isNode(reader.additionalProperties) ? reader.additionalProperties : true;
  for (const name of new Set([...Object.keys(writerProps), ...Object.keys(readerProps)])) {
    const w = writerProps[name];
    const r = readerProps[name];
    const written: Node = isNode(w) ? w : writerExtra;
    const read: Node = isNode(r) ? r : readerExtra;
    if (written === false) continue;
    const where = `${path}.${name}`;
    const found = subsetIssues(writerDoc, written, readerDoc, read, where, depth + 1);
    if (found.length === 0) continue;
    if (!isNode(r)) issues.push(`PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL ${where}`);
    else if (!isNode(w)) issues.push(`PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL ${where}`);
    else issues.push(...found);
  }
  if (writerExtra !== false) {
    const found = subsetIssues(writerDoc, writerExtra, readerDoc, readerExtra, `${path}.*`, depth + 1);
    if (found.length > 0) issues.push(`ADDITIONAL_PROPERTIES_NARROWED ${path}`);
  }
  const writerRequired = new Set(Array.isArray(writer.required) ? writer.required : []);
  for (const name of Array.isArray(reader.required) ? reader.required : []) {
    if (!writerRequired.has(name)) issues.push(`REQUIRED_PROPERTY_ADDED ${path}.${String(name)}`);
  }
  return issues;
}

class JsonSchema implements ParsedSchema {
  constructor(
    readonly canonical: string,
    readonly document: Document,
  ) {}

  readIssues(writer: ParsedSchema): string[] {
    if (!(writer instanceof JsonSchema)) return ['the writer schema is not a JSON Schema'];
    return subsetIssues(writer.document, writer.document.root, this.document, this.document.root, '#');
  }
}

function parseNode(text: string): Node {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalidSchema(`${text.slice(0, 200)}, details: ${(err as Error).message}`);
  }
  if (!isNode(value as Json))
    throw invalidSchema(`${text.slice(0, 200)}, details: a JSON Schema is an object or a boolean`);
  return value as Node;
}

function validator(root: Node): Ajv {
  const draft = typeof root === 'object' && typeof root.$schema === 'string' ? root.$schema : '';
  const options = { strict: false, allErrors: false, validateFormats: false };
  return /2019-09|2020-12/.test(draft) ? new Ajv2020(options) : new Ajv(options);
}

export const jsonSchemaFormat: SchemaFormat = {
  parse(input: SchemaInput, references: readonly ResolvedReference[]): JsonSchema {
    const root = parseNode(input.schema);
    const named = new Map<string, Node>();
    const ajv = validator(root);
    try {
      for (const ref of references) {
        const node = parseNode(ref.schema.schema);
        named.set(ref.name, node);
        ajv.addSchema(node as AnySchema, ref.name);
      }
      ajv.compile(root as AnySchema);
    } catch (err) {
      throw invalidSchema(`${input.schema.slice(0, 200)}, details: ${(err as Error).message}`);
    }
    return new JsonSchema(JSON.stringify(root), new Document(root, named));
  },
};
