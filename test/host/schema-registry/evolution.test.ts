/**
 * Schema evolution scenarios with the verdicts of each format's rules: adding a field with a
 * default, removing a field, renaming a field, changing a type, under BACKWARD, FORWARD and FULL.
 */
import { describe, expect, it } from 'vitest';
import { compatibilityIssues } from '../../../host/schema-registry/compatibility.js';
import { formats } from '../../../host/schema-registry/formats/index.js';
import type { CompatibilityLevel, SchemaType } from '../../../host/schema-registry/types.js';

function verdict(type: SchemaType, level: CompatibilityLevel, before: string, after: string): boolean {
  const parse = (schema: string) => formats[type].parse({ schemaType: type, schema, references: [] }, []);
  return compatibilityIssues(level, parse(after), [{ version: 1, schema: parse(before) }]).length === 0;
}

const avroUser = (fields: object[]) =>
  JSON.stringify({ type: 'record', name: 'User', namespace: 'demo', fields });
const id = { name: 'id', type: 'long' };
const name = { name: 'name', type: 'string' };

describe('Avro evolution', () => {
  const v1 = avroUser([id, name]);
  const cases: [string, string, Record<'BACKWARD' | 'FORWARD' | 'FULL', boolean>][] = [
    [
      'adds a field with a default',
      avroUser([id, name, { name: 'email', type: 'string', default: '' }]),
      { BACKWARD: true, FORWARD: true, FULL: true },
    ],
    [
      'adds a field without a default',
      avroUser([id, name, { name: 'email', type: 'string' }]),
      { BACKWARD: false, FORWARD: true, FULL: false },
    ],
    ['removes a field without a default', avroUser([id]), { BACKWARD: true, FORWARD: false, FULL: false }],
    [
      'renames a field',
      avroUser([id, { name: 'fullName', type: 'string' }]),
      { BACKWARD: false, FORWARD: false, FULL: false },
    ],
    [
      'renames a field with an alias',
      avroUser([id, { name: 'fullName', type: 'string', aliases: ['name'] }]),
      { BACKWARD: true, FORWARD: false, FULL: false },
    ],
    [
      'promotes long to double',
      avroUser([{ name: 'id', type: 'double' }, name]),
      { BACKWARD: true, FORWARD: false, FULL: false },
    ],
    [
      'changes a type to one that does not promote',
      avroUser([{ name: 'id', type: 'string' }, name]),
      { BACKWARD: false, FORWARD: false, FULL: false },
    ],
  ];
  for (const [title, v2, expected] of cases) {
    it(`${title}: ${JSON.stringify(expected)}`, () => {
      for (const level of ['BACKWARD', 'FORWARD', 'FULL'] as const) {
        expect({ level, ok: verdict('AVRO', level, v1, v2) }).toEqual({ level, ok: expected[level] });
      }
    });
  }

  it('NONE accepts anything; transitive levels check every earlier version', () => {
    const v2 = avroUser([id, name, { name: 'email', type: 'string', default: '' }]);
    const v3 = avroUser([id, { name: 'email', type: 'string', default: '' }]);
    const parse = (schema: string) => formats.AVRO.parse({ schemaType: 'AVRO', schema, references: [] }, []);
    const history = [v1, v2].map((s, i) => ({ version: i + 1, schema: parse(s) }));
    expect(verdict('AVRO', 'NONE', v1, avroUser([{ name: 'x', type: 'int' }]))).toBe(true);
    // v3 drops `name`, which v2 reads without a default: v2 cannot read v3's data (FORWARD).
    expect(compatibilityIssues('FORWARD', parse(v3), history.slice(-1))).not.toHaveLength(0);
    const v3b = avroUser([id, name]);
    // Reading v1 data is fine (same), and v2 data too (email dropped): BACKWARD_TRANSITIVE holds.
    expect(compatibilityIssues('BACKWARD_TRANSITIVE', parse(v3b), history)).toEqual([]);
    // A field without default added after v1: v1's data lacks it, so BACKWARD_TRANSITIVE fails
    // where BACKWARD against v2 (which has it) passes.
    const v4 = avroUser([id, name, { name: 'email', type: 'string' }]);
    expect(compatibilityIssues('BACKWARD', parse(v4), history)).toEqual([]);
    expect(compatibilityIssues('BACKWARD_TRANSITIVE', parse(v4), history)).not.toEqual([]);
  });
});

describe('Protobuf evolution', () => {
  const proto = (body: string) => `syntax = "proto3";\npackage demo;\nmessage User {\n${body}\n}\n`;
  const v1 = proto('  int64 id = 1;\n  string name = 2;');
  const cases: [string, string, boolean][] = [
    ['adds a field', proto('  int64 id = 1;\n  string name = 2;\n  string email = 3;'), true],
    ['removes a field', proto('  int64 id = 1;'), true],
    ['renames a field (same number)', proto('  int64 id = 1;\n  string full_name = 2;'), true],
    ['moves a field to another number', proto('  int64 id = 1;\n  string name = 3;'), true],
    [
      'changes a scalar within its wire group (int64 to uint64)',
      proto('  uint64 id = 1;\n  string name = 2;'),
      true,
    ],
    [
      'changes a scalar across wire groups (int64 to double)',
      proto('  double id = 1;\n  string name = 2;'),
      false,
    ],
    [
      'changes a scalar to a message',
      `syntax = "proto3";\npackage demo;\nmessage Id { int64 v = 1; }\nmessage User {\n  Id id = 1;\n  string name = 2;\n}\n`,
      false,
    ],
    ['makes a field repeated', proto('  repeated int64 id = 1;\n  string name = 2;'), false],
    [
      'renames the message',
      `syntax = "proto3";\npackage demo;\nmessage Person {\n  int64 id = 1;\n  string name = 2;\n}\n`,
      false,
    ],
  ];
  for (const [title, v2, expected] of cases) {
    it(`${title}: ${expected ? 'compatible' : 'incompatible'} both ways`, () => {
      for (const level of ['BACKWARD', 'FORWARD', 'FULL'] as const) {
        expect({ level, ok: verdict('PROTOBUF', level, v1, v2) }).toEqual({ level, ok: expected });
      }
    });
  }

  it('moving two fields into a new oneof breaks BACKWARD only (the new reader may see both set)', () => {
    const v2 = proto('  oneof key {\n    int64 id = 1;\n    string name = 2;\n  }');
    expect(verdict('PROTOBUF', 'BACKWARD', v1, v2)).toBe(false);
    expect(verdict('PROTOBUF', 'FORWARD', v1, v2)).toBe(true);
    expect(verdict('PROTOBUF', 'FULL', v1, v2)).toBe(false);
  });

  it('a removed oneof member is incompatible', () => {
    const withOneof = proto(
      '  int64 id = 1;\n  oneof contact {\n    string email = 2;\n    string phone = 3;\n  }',
    );
    const lessOneof = proto('  int64 id = 1;\n  oneof contact {\n    string email = 2;\n  }');
    expect(verdict('PROTOBUF', 'BACKWARD', withOneof, lessOneof)).toBe(false);
  });

  it('refuses text that is not a .proto file with 42201', () => {
    expect(() =>
      formats.PROTOBUF.parse({ schemaType: 'PROTOBUF', schema: 'message {', references: [] }, []),
    ).toThrow(expect.objectContaining({ errorCode: 42201 }));
  });
});

describe('JSON Schema evolution', () => {
  const object = (properties: object, extra: object = {}) =>
    JSON.stringify({ type: 'object', properties, ...extra });
  const v1Open = object({ id: { type: 'integer' }, name: { type: 'string' } });
  const v1Closed = object(
    { id: { type: 'integer' }, name: { type: 'string' } },
    { additionalProperties: false },
  );

  it('adding an optional property: compatible in a closed model, not in an open one (BACKWARD)', () => {
    const add = (extra: object) =>
      object({ id: { type: 'integer' }, name: { type: 'string' }, email: { type: 'string' } }, extra);
    expect(verdict('JSON', 'BACKWARD', v1Closed, add({ additionalProperties: false }))).toBe(true);
    expect(verdict('JSON', 'BACKWARD', v1Open, add({}))).toBe(false);
  });

  it('removing a property: compatible in an open model, not in a closed one (BACKWARD)', () => {
    expect(verdict('JSON', 'BACKWARD', v1Open, object({ id: { type: 'integer' } }))).toBe(true);
    expect(
      verdict(
        'JSON',
        'BACKWARD',
        v1Closed,
        object({ id: { type: 'integer' } }, { additionalProperties: false }),
      ),
    ).toBe(false);
  });

  it('a newly required property is incompatible; widening integer to number is compatible (BACKWARD)', () => {
    expect(
      verdict(
        'JSON',
        'BACKWARD',
        v1Open,
        object({ id: { type: 'integer' }, name: { type: 'string' } }, { required: ['id'] }),
      ),
    ).toBe(false);
    expect(
      verdict('JSON', 'BACKWARD', v1Open, object({ id: { type: 'number' }, name: { type: 'string' } })),
    ).toBe(true);
    expect(
      verdict('JSON', 'FORWARD', v1Open, object({ id: { type: 'number' }, name: { type: 'string' } })),
    ).toBe(false);
  });

  it('an enum that loses a value is narrowed', () => {
    const before = JSON.stringify({ type: 'string', enum: ['a', 'b'] });
    const after = JSON.stringify({ type: 'string', enum: ['a'] });
    expect(verdict('JSON', 'BACKWARD', before, after)).toBe(false);
    expect(verdict('JSON', 'FORWARD', before, after)).toBe(true);
  });

  it('refuses a schema ajv rejects with 42201', () => {
    expect(() =>
      formats.JSON.parse(
        { schemaType: 'JSON', schema: JSON.stringify({ type: 'nope' }), references: [] },
        [],
      ),
    ).toThrow(expect.objectContaining({ errorCode: 42201 }));
  });
});
