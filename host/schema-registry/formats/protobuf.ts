/**
 * Protobuf: protobufjs parses the .proto text (or a base64 FileDescriptorProto, which Confluent's
 * Python serializer sends); the compatibility rules are Confluent's, written here since no
 * library has them. Protobuf identifies a field on the wire by its number, so a reader can read a
 * writer's data when, for every message the writer defines:
 * - the reader still defines the message (MESSAGE_REMOVED otherwise);
 * - each field number both define has the same kind (scalar, message, enum, map), a scalar type
 *   of the same wire group (int32/uint32/int64/uint64/bool, sint32/sint64, fixed32/sfixed32,
 *   fixed64/sfixed64, string/bytes), the same message or enum type, and the same cardinality;
 * - no field moved into a oneof that already existed, and no oneof lost a field;
 * - required fields (proto2) are neither added nor removed.
 * Adding a field, removing a field outside a oneof and renaming a field are compatible: a reader
 * skips numbers it does not know and never sees names.
 */
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor.js';
import { invalidSchema } from '../errors.js';
import type { ResolvedReference, SchemaInput } from '../types.js';
import type { ParsedSchema, SchemaFormat } from './format.js';

const wireGroups: readonly (readonly string[])[] = [
  ['int32', 'uint32', 'int64', 'uint64', 'bool'],
  ['sint32', 'sint64'],
  ['fixed32', 'sfixed32'],
  ['fixed64', 'sfixed64'],
  ['string', 'bytes'],
];

function sameWireGroup(a: string, b: string): boolean {
  return a === b || wireGroups.some((group) => group.includes(a) && group.includes(b));
}

type FieldKind = 'scalar' | 'message' | 'enum' | 'map';

function kindOf(field: protobuf.Field): FieldKind {
  if (field instanceof protobuf.MapField) return 'map';
  if (field.resolvedType instanceof protobuf.Type) return 'message';
  if (field.resolvedType instanceof protobuf.Enum) return 'enum';
  return 'scalar';
}

/** Every message type of one file, by full name (without the leading dot). */
function messagesOf(namespace: protobuf.NamespaceBase, into = new Map<string, protobuf.Type>()) {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) into.set(nested.fullName.slice(1), nested);
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) messagesOf(nested, into);
  }
  return into;
}

function fieldIssues(path: string, reader: protobuf.Field, writer: protobuf.Field): string[] {
  const readerKind = kindOf(reader);
  const writerKind = kindOf(writer);
  if (readerKind !== writerKind) return [`FIELD_KIND_CHANGED ${path}: ${writerKind} became ${readerKind}`];
  if (readerKind === 'scalar' && !sameWireGroup(reader.type, writer.type)) {
    return [`FIELD_SCALAR_KIND_CHANGED ${path}: ${writer.type} became ${reader.type}`];
  }
  if (readerKind === 'message' || readerKind === 'enum') {
    const readerType = reader.resolvedType?.fullName;
    const writerType = writer.resolvedType?.fullName;
    if (readerType !== writerType) {
      return [`FIELD_NAMED_TYPE_CHANGED ${path}: ${writerType?.slice(1)} became ${readerType?.slice(1)}`];
    }
  }
  if (reader instanceof protobuf.MapField && writer instanceof protobuf.MapField) {
    if (reader.keyType !== writer.keyType || !sameWireGroup(reader.type, writer.type)) {
      return [`FIELD_KIND_CHANGED ${path}: map types changed`];
    }
  }
  if (reader.repeated !== writer.repeated && readerKind !== 'map') {
    return [
      `FIELD_LABEL_CHANGED ${path}: ${writer.repeated ? 'repeated' : 'singular'} became ${reader.repeated ? 'repeated' : 'singular'}`,
    ];
  }
  return [];
}

function messageIssues(name: string, reader: protobuf.Type, writer: protobuf.Type): string[] {
  const issues: string[] = [];
  const movedIntoOneof = new Map<string, number>();
  for (const writerField of writer.fieldsArray) {
    const path = `${name}.${writerField.name} (${writerField.id})`;
    const readerField = reader.fieldsById[writerField.id];
    if (!readerField) {
      if (writerField.partOf) issues.push(`ONEOF_FIELD_REMOVED ${path}`);
      if (writerField.required) issues.push(`REQUIRED_FIELD_REMOVED ${path}`);
      continue;
    }
    issues.push(...fieldIssues(path, readerField, writerField));
    if (readerField.partOf && !writerField.partOf) {
      const oneof = readerField.partOf.name;
      if (writer.oneofs?.[oneof]) issues.push(`FIELD_MOVED_TO_EXISTING_ONEOF ${path}`);
      else movedIntoOneof.set(oneof, (movedIntoOneof.get(oneof) ?? 0) + 1);
    }
  }
  for (const [oneof, count] of movedIntoOneof) {
    if (count > 1) issues.push(`MULTIPLE_FIELDS_MOVED_TO_ONEOF ${name}.${oneof}`);
  }
  for (const readerField of reader.fieldsArray) {
    if (readerField.required && !writer.fieldsById[readerField.id]) {
      issues.push(`REQUIRED_FIELD_ADDED ${name}.${readerField.name} (${readerField.id})`);
    }
  }
  return issues;
}

class ProtobufSchema implements ParsedSchema {
  constructor(
    readonly canonical: string,
    /** The messages the schema's own file defines (not its references'). */
    readonly messages: ReadonlyMap<string, protobuf.Type>,
  ) {}

  readIssues(writer: ParsedSchema): string[] {
    if (!(writer instanceof ProtobufSchema)) return ['the writer schema is not a Protobuf schema'];
    const issues: string[] = [];
    for (const [name, writerMessage] of writer.messages) {
      const readerMessage = this.messages.get(name);
      if (!readerMessage) issues.push(`MESSAGE_REMOVED ${name}`);
      else issues.push(...messageIssues(name, readerMessage, writerMessage));
    }
    return issues;
  }
}

/** A base64 FileDescriptorProto, as Confluent's Python and Java clients may send. */
function descriptorBytes(text: string): Buffer | null {
  const trimmed = text.trim();
  if (trimmed.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return null;
  return Buffer.from(trimmed, 'base64');
}

/** Adds one file to `root`; answers the message names it defined. */
function addFile(root: protobuf.Root, text: string): Map<string, protobuf.Type> {
  const before = new Set(messagesOf(root).keys());
  const bytes = descriptorBytes(text);
  if (bytes) {
    // A FileDescriptorSet is `repeated FileDescriptorProto file = 1`: one tag and length make the
    // single file a set that protobufjs reads.
    const set = Buffer.concat([Buffer.from([0x0a]), varint(bytes.length), bytes]);
    const parsed = protobuf.Root.fromDescriptor(set, { keepCase: true });
    for (const nested of parsed.nestedArray) mergeInto(root, nested);
  } else {
    const parsed = protobuf.parse(text, root, { keepCase: true, alternateCommentMode: true });
    for (const name of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
      const common = protobuf.common.get(name);
      if (common?.nested) root.addJSON(common.nested);
    }
  }
  const defined = new Map<string, protobuf.Type>();
  for (const [name, type] of messagesOf(root)) if (!before.has(name)) defined.set(name, type);
  return defined;
}

function mergeInto(target: protobuf.NamespaceBase, object: protobuf.ReflectionObject): void {
  const existing = target.get(object.name);
  if (
    existing instanceof protobuf.Namespace &&
    object instanceof protobuf.Namespace &&
    !(object instanceof protobuf.Type)
  ) {
    for (const nested of [...object.nestedArray]) mergeInto(existing, nested);
    return;
  }
  object.parent?.remove(object);
  target.add(object);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value);
  return Buffer.from(bytes);
}

/**
 * The schema as a base64 FileDescriptorProto, as clients ask for it with `format=serialized`
 * (Confluent's Python deserializer reads the writer's schema that way, having no .proto parser).
 * A schema registered in that form is answered as it was; a .proto text is converted.
 */
export function serializedProtobuf(schema: string): string {
  if (descriptorBytes(schema)) return schema.trim();
  const root = new protobuf.Root();
  const parsed = protobuf.parse(schema, root, { keepCase: true, alternateCommentMode: true });
  const imports = [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])];
  for (const name of imports) {
    const common = protobuf.common.get(name);
    if (common?.nested) root.addJSON(common.nested);
  }
  const set = root.toDescriptor('proto3');
  // protobufjs writes one file per package; the schema's own is the one of its package.
  const own = set.file.find((f) => (f.package ?? '') === (parsed.package ?? '')) ?? set.file[0];
  if (!own) throw invalidSchema('the schema defines nothing');
  own.name = 'schema.proto';
  own.dependency = imports;
  return Buffer.from(descriptor.FileDescriptorProto.encode(own).finish()).toString('base64');
}

/**
 * The message type a wire-format value names by its message indexes: the first index picks a
 * top-level message of the schema's own file, each further one a message nested in the last.
 */
export function protobufMessage(
  input: SchemaInput,
  references: readonly ResolvedReference[],
  indexes: readonly number[],
): protobuf.Type {
  const parsed = parseProtobuf(input, references);
  let candidates = [...parsed.messages.values()].filter((t) => !(t.parent instanceof protobuf.Type));
  let found: protobuf.Type | undefined;
  for (const index of indexes) {
    found = candidates[index];
    if (!found) throw new RangeError(`message index ${indexes.join('.')} names no message of the schema`);
    candidates = found.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
  }
  if (!found) throw new RangeError('no message index');
  return found;
}

export const protobufFormat: SchemaFormat = { parse: parseProtobuf };

function parseProtobuf(input: SchemaInput, references: readonly ResolvedReference[]): ProtobufSchema {
  const root = new protobuf.Root();
  try {
    for (const ref of references) addFile(root, ref.schema.schema);
  } catch (err) {
    throw invalidSchema(`a reference does not parse: ${(err as Error).message}`);
  }
  try {
    const messages = addFile(root, input.schema);
    root.resolveAll();
    return new ProtobufSchema(input.schema.trim(), messages);
  } catch (err) {
    throw invalidSchema(`${input.schema.slice(0, 200)}, details: ${(err as Error).message}`);
  }
}
