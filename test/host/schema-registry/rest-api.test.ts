/**
 * The registry's REST API over HTTP, as Confluent's clients call it, with its state in a list
 * (the `_schemas` topic is tested with a cluster in embedded-registry.test.ts): shapes, error
 * codes, soft and permanent deletes, configs, compatibility checks, references.
 */
import descriptor from 'protobufjs/ext/descriptor.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTENT_TYPE,
  listenRegistry,
  type RegistryListener,
} from '../../../host/schema-registry/http-server.js';
import { SchemaRegistry, type RegistryLog } from '../../../host/schema-registry/registry.js';
import { RegistryState, type LogRecordText } from '../../../host/schema-registry/state.js';

class ListLog implements RegistryLog {
  readonly records: LogRecordText[] = [];
  failing = false;
  async append(records: readonly LogRecordText[]): Promise<void> {
    if (this.failing) throw new Error('the cluster is away');
    this.records.push(...records);
  }
}

const log = new ListLog();
let listener: RegistryListener;
beforeAll(async () => {
  listener = await listenRegistry(new SchemaRegistry(new RegistryState(), log), {
    host: '127.0.0.1',
    port: 0,
  });
});
afterAll(() => listener.close());

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown; type: string | null }> {
  const response = await fetch(`${listener.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': CONTENT_TYPE },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as unknown) : null,
    type: response.headers.get('content-type'),
  };
}

const avro = (fields: object[], name = 'Order') => JSON.stringify({ type: 'record', name, fields });
const orderV1 = avro([{ name: 'id', type: 'long' }]);
const orderV2 = avro([
  { name: 'id', type: 'long' },
  { name: 'note', type: 'string', default: '' },
]);

describe('the registry REST API', () => {
  it('registers a schema once: the same schema answers the same id, under another subject too', async () => {
    const first = await call('POST', '/subjects/orders-value/versions', { schema: orderV1 });
    expect(first).toMatchObject({ status: 200, body: { id: 1 }, type: CONTENT_TYPE });
    expect((await call('POST', '/subjects/orders-value/versions', { schema: orderV1 })).body).toEqual({
      id: 1,
    });
    expect((await call('POST', '/subjects/archive-value/versions', { schema: orderV1 })).body).toEqual({
      id: 1,
    });
    expect((await call('POST', '/subjects/orders-value/versions', { schema: orderV2 })).body).toEqual({
      id: 2,
    });
    expect((await call('GET', '/subjects')).body).toEqual(['archive-value', 'orders-value']);
    expect((await call('GET', '/subjects/orders-value/versions')).body).toEqual([1, 2]);
    expect((await call('GET', '/subjects/orders-value/versions/latest')).body).toEqual({
      subject: 'orders-value',
      version: 2,
      id: 2,
      schema: orderV2,
    });
    expect((await call('GET', '/schemas/ids/1')).body).toEqual({ schema: orderV1 });
    expect((await call('GET', '/schemas/ids/1/versions')).body).toEqual([
      { subject: 'archive-value', version: 1 },
      { subject: 'orders-value', version: 1 },
    ]);
    expect((await call('GET', '/subjects/orders-value/versions/1/schema')).body).toEqual(JSON.parse(orderV1));
    expect((await call('GET', '/schemas/types')).body).toEqual(['AVRO', 'PROTOBUF', 'JSON']);
  });

  it('looks a schema up in a subject: 40401 without the subject, 40403 without the schema', async () => {
    expect((await call('POST', '/subjects/orders-value', { schema: orderV2 })).body).toMatchObject({
      version: 2,
      id: 2,
    });
    expect(await call('POST', '/subjects/nothing-here', { schema: orderV2 })).toMatchObject({
      status: 404,
      body: { error_code: 40401, message: "Subject 'nothing-here' not found." },
    });
    const other = avro([{ name: 'x', type: 'int' }]);
    expect(await call('POST', '/subjects/orders-value', { schema: other })).toMatchObject({
      status: 404,
      body: { error_code: 40403 },
    });
  });

  it('answers the error codes clients branch on', async () => {
    expect(await call('GET', '/subjects/orders-value/versions/9')).toMatchObject({
      status: 404,
      body: { error_code: 40402 },
    });
    expect(await call('GET', '/subjects/orders-value/versions/0')).toMatchObject({
      status: 422,
      body: { error_code: 42202 },
    });
    expect(await call('GET', '/schemas/ids/99')).toMatchObject({ status: 404, body: { error_code: 40403 } });
    expect(
      await call('POST', '/subjects/orders-value/versions', { schema: '{"type":"record"' }),
    ).toMatchObject({
      status: 422,
      body: { error_code: 42201 },
    });
    expect(await call('POST', '/subjects/orders-value/versions', { schema: '' })).toMatchObject({
      status: 422,
      body: { error_code: 42201 },
    });
    expect(await call('PUT', '/config', { compatibility: 'SIDEWAYS' })).toMatchObject({
      status: 422,
      body: { error_code: 42203 },
    });
    expect(await call('GET', '/nowhere')).toMatchObject({ status: 404 });
  });

  it('refuses an incompatible schema with 409 and keeps the subject as it was', async () => {
    const breaking = avro([
      { name: 'id', type: 'long' },
      { name: 'total', type: 'double' },
    ]);
    const refused = await call('POST', '/subjects/orders-value/versions', { schema: breaking });
    expect(refused).toMatchObject({ status: 409, body: { error_code: 409 } });
    expect((refused.body as { message: string }).message).toContain('incompatible');
    expect((await call('GET', '/subjects/orders-value/versions')).body).toEqual([1, 2]);
    const check = await call('POST', '/compatibility/subjects/orders-value/versions/latest?verbose=true', {
      schema: breaking,
    });
    expect(check.body).toMatchObject({ is_compatible: false, messages: [expect.stringContaining('total')] });
    expect(
      (await call('POST', '/compatibility/subjects/orders-value/versions', { schema: orderV2 })).body,
    ).toEqual({
      is_compatible: true,
    });
  });

  it('keeps a global and a per-subject compatibility level', async () => {
    expect((await call('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect(await call('GET', '/config/orders-value')).toMatchObject({
      status: 404,
      body: { error_code: 40408 },
    });
    expect((await call('GET', '/config/orders-value?defaultToGlobal=true')).body).toEqual({
      compatibilityLevel: 'BACKWARD',
    });
    expect((await call('PUT', '/config/orders-value', { compatibility: 'none' })).body).toEqual({
      compatibility: 'NONE',
    });
    const breaking = avro([
      { name: 'id', type: 'long' },
      { name: 'total', type: 'double' },
    ]);
    expect((await call('POST', '/subjects/orders-value/versions', { schema: breaking })).body).toEqual({
      id: 3,
    });
    expect((await call('DELETE', '/config/orders-value')).body).toEqual({ compatibilityLevel: 'NONE' });
    expect((await call('PUT', '/config', { compatibility: 'FULL_TRANSITIVE' })).body).toEqual({
      compatibility: 'FULL_TRANSITIVE',
    });
    expect((await call('GET', '/config')).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
    await call('PUT', '/config', { compatibility: 'BACKWARD' });
  });

  it('deletes softly first, then permanently, with 40404-40407 for the steps out of order', async () => {
    await call('POST', '/subjects/tmp-value/versions', { schema: orderV1 });
    await call('POST', '/subjects/tmp-value/versions', { schema: orderV2 });
    expect(await call('DELETE', '/subjects/tmp-value/versions/1?permanent=true')).toMatchObject({
      body: { error_code: 40407 },
    });
    expect((await call('DELETE', '/subjects/tmp-value/versions/1')).body).toBe(1);
    expect(await call('DELETE', '/subjects/tmp-value/versions/1')).toMatchObject({
      body: { error_code: 40406 },
    });
    expect((await call('GET', '/subjects/tmp-value/versions')).body).toEqual([2]);
    expect((await call('GET', '/subjects/tmp-value/versions?deleted=true')).body).toEqual([1, 2]);
    expect(await call('GET', '/subjects/tmp-value/versions/1')).toMatchObject({
      body: { error_code: 40402 },
    });
    expect((await call('GET', '/subjects/tmp-value/versions/1?deleted=true')).body).toMatchObject({
      version: 1,
    });
    expect((await call('DELETE', '/subjects/tmp-value/versions/1?permanent=true')).body).toBe(1);

    expect(await call('DELETE', '/subjects/tmp-value?permanent=true')).toMatchObject({
      body: { error_code: 40405 },
    });
    expect((await call('DELETE', '/subjects/tmp-value')).body).toEqual([2]);
    expect(await call('DELETE', '/subjects/tmp-value')).toMatchObject({ body: { error_code: 40404 } });
    expect((await call('GET', '/subjects')).body).not.toContain('tmp-value');
    expect((await call('GET', '/subjects?deleted=true')).body).toContain('tmp-value');
    expect((await call('DELETE', '/subjects/tmp-value?permanent=true')).body).toEqual([2]);
    expect((await call('GET', '/subjects?deleted=true')).body).not.toContain('tmp-value');
    // The permanent deletes are tombstones in the log, as compaction needs.
    const tombstones = log.records
      .filter((r) => r.value === null)
      .map((r) => JSON.parse(r.key) as { keytype: string })
      .filter((key) => key.keytype === 'SCHEMA');
    expect(tombstones).toEqual([
      { keytype: 'SCHEMA', subject: 'tmp-value', version: 1, magic: 1 },
      { keytype: 'SCHEMA', subject: 'tmp-value', version: 2, magic: 1 },
    ]);
  });

  it('resolves references and will not delete a referenced version', async () => {
    const address = JSON.stringify({
      type: 'record',
      name: 'Address',
      namespace: 'demo',
      fields: [{ name: 'city', type: 'string' }],
    });
    const { body: ref } = await call('POST', '/subjects/address/versions', { schema: address });
    const customer = JSON.stringify({
      type: 'record',
      name: 'Customer',
      namespace: 'demo',
      fields: [{ name: 'home', type: 'demo.Address' }],
    });
    const references = [{ name: 'demo.Address', subject: 'address', version: 1 }];
    expect(await call('POST', '/subjects/customer/versions', { schema: customer })).toMatchObject({
      body: { error_code: 42201 },
    });
    const { body: registered } = await call('POST', '/subjects/customer/versions', {
      schema: customer,
      references,
    });
    expect((await call('GET', `/schemas/ids/${(registered as { id: number }).id}`)).body).toEqual({
      schema: customer,
      references,
    });
    expect((await call('GET', '/subjects/address/versions/1/referencedby')).body).toEqual([
      (registered as { id: number }).id,
    ]);
    expect(await call('DELETE', '/subjects/address/versions/1')).toMatchObject({
      status: 422,
      body: { error_code: 42206 },
    });
    expect(ref).toMatchObject({ id: expect.any(Number) });
  });

  it('registers Protobuf and JSON schemas with their schemaType', async () => {
    const proto = 'syntax = "proto3";\npackage demo;\nmessage Ping { int64 at = 1; }';
    const { body } = await call('POST', '/subjects/ping-value/versions', {
      schema: proto,
      schemaType: 'PROTOBUF',
    });
    expect((await call('GET', `/schemas/ids/${(body as { id: number }).id}`)).body).toEqual({
      schemaType: 'PROTOBUF',
      schema: proto,
    });
    const json = JSON.stringify({ type: 'object', properties: { at: { type: 'integer' } } });
    const { body: j } = await call('POST', '/subjects/ping-json/versions', {
      schema: json,
      schemaType: 'JSON',
    });
    expect((await call('GET', '/subjects/ping-json/versions/1')).body).toEqual({
      subject: 'ping-json',
      version: 1,
      id: (j as { id: number }).id,
      schemaType: 'JSON',
      schema: json,
    });
  });

  it('answers a Protobuf schema as a serialized descriptor when asked with format=serialized', async () => {
    const { body } = await call('GET', '/subjects/ping-value/versions/1?format=serialized');
    const bytes = Buffer.from((body as { schema: string }).schema, 'base64');
    const file = descriptor.FileDescriptorProto.decode(bytes) as unknown as {
      package: string;
      messageType: { name: string; field: { name: string; number: number }[] }[];
    };
    expect(file.package).toBe('demo');
    expect(file.messageType.map((m) => [m.name, m.field.map((f) => [f.name, f.number])])).toEqual([
      ['Ping', [['at', 1]]],
    ]);
    // Registering that descriptor is registering the same schema's content under another form.
    const again = await call('POST', '/subjects/ping-serialized/versions', {
      schema: (body as { schema: string }).schema,
      schemaType: 'PROTOBUF',
    });
    expect(again.status).toBe(200);
  });

  it('answers 50001 and changes nothing when the log cannot take a write', async () => {
    log.failing = true;
    try {
      const refused = await call('POST', '/subjects/lost-value/versions', { schema: orderV1 });
      expect(refused).toMatchObject({ status: 500, body: { error_code: 50001 } });
    } finally {
      log.failing = false;
    }
    expect(await call('GET', '/subjects/lost-value/versions')).toMatchObject({ body: { error_code: 40401 } });
  });
});
