/**
 * Decoding the wire format into JSON, with bytes framed by a real client
 * (@kafkajs/confluent-schema-registry's encode) against the registry served over HTTP: Avro,
 * Protobuf (a nested message named by its indexes) and JSON Schema; bytes that are not framed;
 * a schema id the registry does not know.
 */
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaDecoder } from '../../../host/schema-registry/decoder.js';
import { listenRegistry, type RegistryListener } from '../../../host/schema-registry/http-server.js';
import { SchemaRegistry as Registry } from '../../../host/schema-registry/registry.js';
import { RegistrySchemaSource } from '../../../host/schema-registry/registry-source.js';
import { RegistryState, type LogRecordText } from '../../../host/schema-registry/state.js';
import { readFrame, readMessageIndexes } from '../../../host/schema-registry/wire-format.js';

let listener: RegistryListener;
let client: SchemaRegistry;
let decoder: SchemaDecoder;

beforeAll(async () => {
  const log = { append: async (_records: readonly LogRecordText[]) => {} };
  listener = await listenRegistry(new Registry(new RegistryState(), log), { host: '127.0.0.1', port: 0 });
  client = new SchemaRegistry({ host: listener.url });
  decoder = new SchemaDecoder(new RegistrySchemaSource(listener.url));
});
afterAll(() => listener.close());

describe('the wire-format decoder', () => {
  it('reads the header and the Protobuf message indexes', () => {
    expect(readFrame(Buffer.from([0, 0, 0, 0, 7, 0x41]))).toEqual({ schemaId: 7, body: Buffer.from([0x41]) });
    expect(readFrame(Buffer.from('{"plain":"json"}'))).toBeNull();
    expect(readFrame(Buffer.from([0, 0, 0]))).toBeNull();
    expect(readFrame(null)).toBeNull();
    // count 0: the first message; count 2 (zigzag 04), indexes 1 (02) and 0 (00).
    expect(readMessageIndexes(Buffer.from([0x00, 0x08]))).toEqual({
      indexes: [0],
      message: Buffer.from([0x08]),
    });
    expect(readMessageIndexes(Buffer.from([0x04, 0x02, 0x00, 0x08]))).toEqual({
      indexes: [1, 0],
      message: Buffer.from([0x08]),
    });
  });

  it('decodes Avro as Avro JSON, naming the subject and version', async () => {
    const schema = JSON.stringify({
      type: 'record',
      name: 'Reading',
      namespace: 'lab',
      fields: [
        { name: 'sensor', type: 'string' },
        { name: 'at', type: 'long' },
        { name: 'note', type: ['null', 'string'], default: null },
      ],
    });
    const { id } = await client.register({ type: SchemaType.AVRO, schema }, { subject: 'readings-value' });
    const bytes = await client.encode(id, { sensor: 's1', at: 1_700_000_000_000, note: 'ok' });
    expect(await decoder.decode(bytes)).toEqual({
      schemaId: id,
      schemaType: 'AVRO',
      subject: 'readings-value',
      version: 1,
      json: { sensor: 's1', at: 1_700_000_000_000, note: { string: 'ok' } },
    });
  });

  it('decodes the Protobuf message the indexes name, 64-bit integers as strings', async () => {
    const schema = [
      'syntax = "proto3";',
      'package lab;',
      'message Envelope { string id = 1; }',
      'message Batch {',
      '  message Item { string name = 1; int64 count = 2; }',
      '  repeated Item items = 1;',
      '}',
    ].join('\n');
    const { id } = await client.register({ type: SchemaType.PROTOBUF, schema }, { subject: 'batches-value' });
    // Indexes [1, 0]: the first message nested in the second top-level one, Batch.Item.
    const item = protobuf.parse(schema).root.lookupType('lab.Batch.Item');
    const header = Buffer.from([0, 0, 0, 0, id, 0x04, 0x02, 0x00]);
    const framed = Buffer.concat([header, item.encode(item.create({ name: 'a', count: 3 })).finish()]);
    expect(await decoder.decode(framed)).toEqual({
      schemaId: id,
      schemaType: 'PROTOBUF',
      subject: 'batches-value',
      version: 1,
      json: { name: 'a', count: '3' },
    });
    // kafkajs's encoder writes the first message with no indexes at all.
    const bare = await client.encode(id, { id: 'e-1' });
    expect((await decoder.decode(bare))?.json).toEqual({ id: 'e-1' });
  });

  it('decodes JSON Schema values as the JSON they are', async () => {
    const schema = JSON.stringify({ type: 'object', properties: { ok: { type: 'boolean' } } });
    const { id } = await client.register({ type: SchemaType.JSON, schema }, { subject: 'checks-value' });
    const bytes = await client.encode(id, { ok: true });
    expect(await decoder.decode(bytes)).toMatchObject({ schemaType: 'JSON', json: { ok: true } });
  });

  it('leaves unframed bytes alone and says which schema id is unknown', async () => {
    expect(await decoder.decode(Buffer.from('hello'))).toBeNull();
    await expect(decoder.decode(Buffer.from([0, 0, 0, 3, 232, 1]))).rejects.toThrow(
      /refused \(40403\): Schema 1000 not found/,
    );
  });
});
