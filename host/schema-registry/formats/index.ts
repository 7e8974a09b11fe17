/** The schema formats by the registry's `schemaType`. */
import type { SchemaType } from '../types.js';
import { avroFormat } from './avro.js';
import type { SchemaFormat } from './format.js';
import { jsonSchemaFormat } from './json-schema.js';
import { protobufFormat } from './protobuf.js';

export const formats: Readonly<Record<SchemaType, SchemaFormat>> = {
  AVRO: avroFormat,
  PROTOBUF: protobufFormat,
  JSON: jsonSchemaFormat,
};

export type { ParsedSchema, SchemaFormat } from './format.js';
