/**
 * Encodes a JSON value with a registered schema into the registry's wire format (magic byte 0,
 * the schema id, for Protobuf the message indexes [0] of the schema's first message, then the
 * data), as Confluent's serializers frame it, after checking the value against the schema: avsc
 * for Avro, protobufjs's verify for Protobuf, ajv for JSON Schema. A value the schema refuses is
 * an error naming where and why.
 */
import { Ajv, type AnySchema } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { SchemaById } from './decoder.js';
import { avroType } from './formats/avro.js';
import { protobufMessage } from './formats/protobuf.js';
import { forVerify } from './formats/protobuf-json.js';

export class ValueRejected extends Error {
  override readonly name = 'ValueRejected';
}

function header(schemaId: number): Buffer {
  const bytes = Buffer.alloc(5);
  bytes.writeInt32BE(schemaId, 1);
  return bytes;
}

type BodyEncoder = (value: unknown) => Buffer;

function avroBody(schema: SchemaById): BodyEncoder {
  const type = avroType(schema.input, schema.references);
  return (value) => {
    const problems: string[] = [];
    const valid = type.isValid(value, {
      errorHook: (path, found) =>
        problems.push(`${path.join('.') || 'the value'}: ${JSON.stringify(found)} does not fit`),
    });
    if (!valid) throw new ValueRejected(problems.slice(0, 5).join('; '));
    return type.toBuffer(value);
  };
}

function protobufBody(schema: SchemaById): BodyEncoder {
  const type = protobufMessage(schema.input, schema.references, [0]);
  return (value) => {
    const ready = forVerify(type, value) as Record<string, unknown>;
    const problem = type.verify(ready);
    if (problem) throw new ValueRejected(problem);
    // Message indexes [0] are written as a single 0 byte.
    return Buffer.concat([Buffer.from([0]), type.encode(type.fromObject(ready)).finish()]);
  };
}

function jsonBody(schema: SchemaById): BodyEncoder {
  const root = JSON.parse(schema.input.schema) as AnySchema;
  const draft = typeof root === 'object' && typeof root.$schema === 'string' ? root.$schema : '';
  const options = { strict: false, allErrors: true, validateFormats: false };
  const ajv = /2019-09|2020-12/.test(draft) ? new Ajv2020(options) : new Ajv(options);
  for (const ref of schema.references) ajv.addSchema(JSON.parse(ref.schema.schema) as AnySchema, ref.name);
  const validate = ajv.compile(root);
  return (value) => {
    if (!validate(value)) {
      const problems = (validate.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.instancePath || 'the value'} ${e.message ?? ''}`);
      throw new ValueRejected(problems.join('; '));
    }
    return Buffer.from(JSON.stringify(value), 'utf8');
  };
}

function bodyEncoder(schema: SchemaById): BodyEncoder {
  const { schemaType } = schema.input;
  if (schemaType === 'AVRO') return avroBody(schema);
  if (schemaType === 'PROTOBUF') return protobufBody(schema);
  return jsonBody(schema);
}

export function encodeWithSchema(schemaId: number, schema: SchemaById, value: unknown): Buffer {
  return schemaEncoder(schemaId, schema)(value);
}

/** An encoder for many values of one schema: the schema is compiled once (imports). */
export function schemaEncoder(schemaId: number, schema: SchemaById): (value: unknown) => Buffer {
  const head = header(schemaId);
  const body = bodyEncoder(schema);
  return (value) => Buffer.concat([head, body(value)]);
}
