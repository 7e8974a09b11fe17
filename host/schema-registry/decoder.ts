/**
 * Decodes keys and values in the schema registry's wire format (./wire-format.ts) into JSON: the
 * schema comes from a registry by id (cached), Avro is read with avsc and shown in Avro's JSON
 * encoding, Protobuf with protobufjs (the message named by the indexes; 64-bit integers and
 * bytes as strings, as Protobuf's JSON mapping writes them), JSON Schema values are JSON already.
 * Each result names the schema id and the first subject and version that hold it.
 */
import { avroType } from './formats/avro.js';
import { protobufMessage } from './formats/protobuf.js';
import type { ResolvedReference, SchemaInput, SchemaType } from './types.js';
import { readFrame, readMessageIndexes } from './wire-format.js';

export interface SchemaById {
  readonly input: SchemaInput;
  /** Its references resolved and flattened, dependencies first. */
  readonly references: readonly ResolvedReference[];
  /** The first subject version holding it; null when the registry names none. */
  readonly subject: string | null;
  readonly version: number | null;
}

/** Where schemas are looked up by id: a registry's REST API (./registry-source.ts) or a test's table. */
export interface SchemaSource {
  schemaById(id: number): Promise<SchemaById>;
}

export interface DecodedValue {
  readonly schemaId: number;
  readonly schemaType: SchemaType;
  readonly subject: string | null;
  readonly version: number | null;
  /** The value as JSON. */
  readonly json: unknown;
}

const protobufJson = { longs: String, enums: String, bytes: String };

/**
 * A Protobuf body: the message its indexes name. Some serializers (@kafkajs/confluent-schema-
 * registry among them) write no indexes and the first message's bytes right after the header;
 * when the indexes do not lead to a message that decodes, the body is read that way.
 */
function decodeProtobuf(schema: SchemaById, body: Buffer): unknown {
  try {
    const { indexes, message } = readMessageIndexes(body);
    const type = protobufMessage(schema.input, schema.references, indexes);
    return type.toObject(type.decode(message), protobufJson);
  } catch (framed) {
    try {
      const type = protobufMessage(schema.input, schema.references, [0]);
      return type.toObject(type.decode(body), protobufJson);
    } catch {
      throw framed;
    }
  }
}

/** A record's key and value as decoded (null: not in the wire format, or not decoded). */
export interface DecodedParts {
  readonly key: DecodedValue | null;
  readonly value: DecodedValue | null;
}

/** What a decoded part looks like in JSON output: the JSON, and where its schema comes from. */
export function decodedView(decoded: DecodedValue) {
  return {
    schemaId: decoded.schemaId,
    schemaType: decoded.schemaType,
    subject: decoded.subject,
    version: decoded.version,
    json: decoded.json,
  };
}

export class SchemaDecoder {
  private readonly schemas = new Map<number, Promise<SchemaById>>();

  constructor(private readonly source: SchemaSource) {}

  private schema(id: number): Promise<SchemaById> {
    let found = this.schemas.get(id);
    if (!found) {
      found = this.source.schemaById(id);
      // A failed lookup is not kept: the registry may have been away for a moment.
      found.catch(() => this.schemas.delete(id));
      this.schemas.set(id, found);
    }
    return found;
  }

  /**
   * The decoded value; null when the bytes are not in the wire format. Throws an Error saying
   * why when they are framed but cannot be decoded (unknown schema id, bytes the schema rejects).
   */
  async decode(bytes: Buffer | null): Promise<DecodedValue | null> {
    const frame = readFrame(bytes);
    if (!frame) return null;
    const schema = await this.schema(frame.schemaId);
    const { schemaType } = schema.input;
    let json: unknown;
    if (schemaType === 'AVRO') {
      const type = avroType(schema.input, schema.references);
      json = JSON.parse(type.toString(type.fromBuffer(frame.body)));
    } else if (schemaType === 'PROTOBUF') {
      json = decodeProtobuf(schema, frame.body);
    } else {
      json = JSON.parse(frame.body.toString('utf8'));
    }
    return { schemaId: frame.schemaId, schemaType, subject: schema.subject, version: schema.version, json };
  }
}
