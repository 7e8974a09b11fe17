/**
 * Encoding JSON with a schema gives back the bytes that decode to it: what the decoder shows
 * (Protobuf's JSON mapping: 64-bit integers as strings, enums by name, bytes as base64) encodes
 * again, and a value that does not fit is refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import { SchemaDecoder, type SchemaById } from '../../../host/schema-registry/decoder.js';
import { encodeWithSchema, ValueRejected } from '../../../host/schema-registry/encoder.js';

const proto = `syntax = "proto3";
package lab;
enum Kind { KIND_UNSET = 0; METER = 1; GAUGE = 2; }
message Sample {
  int64 total = 1;
  uint64 count = 2;
  Kind kind = 3;
  bytes raw = 4;
  repeated Kind history = 5;
  map<string, int64> byZone = 6;
}
`;
const schema: SchemaById = {
  input: { schema: proto, schemaType: 'PROTOBUF', references: [] },
  references: [],
  subject: 'samples-value',
  version: 1,
};
const decoder = new SchemaDecoder({ schemaById: async () => schema });

describe('encoding with a schema', () => {
  it('encodes what the Protobuf decoder showed back to the same bytes', async () => {
    const shown = {
      total: '9007199254740993',
      count: '18446744073709551615',
      kind: 'GAUGE',
      raw: 'AQID',
      history: ['METER', 'GAUGE'],
      byZone: { north: '-5' },
    };
    const bytes = encodeWithSchema(4, schema, shown);
    const decoded = await decoder.decode(bytes);
    expect(decoded?.json).toEqual(shown);
    expect(encodeWithSchema(4, schema, decoded!.json)).toEqual(bytes);
  });

  it('refuses what does not fit, saying where', () => {
    expect(() => encodeWithSchema(4, schema, { total: 'lots' })).toThrow(ValueRejected);
    expect(() => encodeWithSchema(4, schema, { kind: 'DIAL' })).toThrow(/kind: enum value expected/);
  });
});
