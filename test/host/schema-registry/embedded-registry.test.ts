/**
 * The embedded cluster's schema registry with a real client, @kafkajs/confluent-schema-registry:
 * Avro, Protobuf and JSON Schema registered, encoded, produced and consumed through the cluster
 * with kafkajs and shown decoded by `brokerlab consume --decode` and `export --decode`; an
 * incompatible schema refused with 409; the `_schemas` topic compacted on three replicas; every
 * registration kept through the kill of the broker leading `_schemas` and a restart of the whole
 * cluster.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBytes } from '../../../host/api/bytes.js';
import { verbs } from '../../../host/cli/commands/index.js';
import { runCli } from '../../../host/cli/program.js';
import { startEmbeddedHost, type EmbeddedHost } from '../../../host/control/embedded-host.js';
import { testIo } from '../cli/cli-io.js';
import { freePortRun } from '../../peers/ports.js';

const { Kafka, logLevel } = kafkajs;

let dir: string;
let basePort: number;
let host: EmbeddedHost;
let bootstrap: string;
let registryUrl: string;

async function start(): Promise<void> {
  host = startEmbeddedHost(
    { dataDir: dir, brokers: 3, host: '127.0.0.1', basePort },
    { port: 0, fallbackToFree: false },
  );
  const ready = await host.ready;
  bootstrap = ready.bootstrap;
  registryUrl = ready.registry;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-registry-'));
  basePort = await freePortRun(3);
  await start();
}, 90_000);
afterAll(async () => {
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const avroV1 = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'item', type: 'string' },
  ],
});
const avroV2 = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'item', type: 'string' },
    { name: 'quantity', type: 'int', default: 1 },
  ],
});
const proto =
  'syntax = "proto3";\npackage shop;\nmessage Shipment {\n  string order = 1;\n  int32 parcels = 2;\n}\n';
const jsonSchema = JSON.stringify({
  type: 'object',
  properties: { order: { type: 'string' }, paid: { type: 'boolean' } },
  required: ['order'],
});

function kafka() {
  return new Kafka({ clientId: 'registry-test', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
}

async function consume(topic: string, count: number): Promise<Buffer[]> {
  const consumer = kafka().consumer({
    groupId: `registry-test-${topic}`,
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const values: Buffer[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value!);
          if (values.length === count) resolve();
        },
      });
    });
    return values;
  } finally {
    await consumer.disconnect();
  }
}

describe('the embedded schema registry', () => {
  it('serves @kafkajs/confluent-schema-registry: Avro, Protobuf and JSON Schema through the cluster', async () => {
    const registry = new SchemaRegistry({ host: registryUrl });
    const avro = await registry.register(
      { type: SchemaType.AVRO, schema: avroV1 },
      { subject: 'orders-value' },
    );
    const protobuf = await registry.register(
      { type: SchemaType.PROTOBUF, schema: proto },
      { subject: 'shipments-value' },
    );
    const json = await registry.register(
      { type: SchemaType.JSON, schema: jsonSchema },
      { subject: 'payments-value' },
    );
    expect(new Set([avro.id, protobuf.id, json.id]).size).toBe(3);
    // Registering again answers the same id.
    expect(
      (await registry.register({ type: SchemaType.AVRO, schema: avroV1 }, { subject: 'orders-value' })).id,
    ).toBe(avro.id);

    const payloads = [
      { id: avro.id, value: { id: 7, item: 'kettle' } },
      { id: protobuf.id, value: { order: 'o-7', parcels: 2 } },
      { id: json.id, value: { order: 'o-7', paid: true } },
    ];
    const producer = kafka().producer();
    await producer.connect();
    await producer.send({
      topic: 'shop-events',
      acks: -1,
      messages: await Promise.all(
        payloads.map(async (p) => ({ value: await registry.encode(p.id, p.value) })),
      ),
    });
    await producer.disconnect();

    const fresh = new SchemaRegistry({ host: registryUrl });
    const decoded = await Promise.all((await consume('shop-events', 3)).map((value) => fresh.decode(value)));
    expect(decoded.map((d) => JSON.parse(JSON.stringify(d)) as unknown)).toEqual(
      payloads.map((p) => p.value),
    );
  }, 60_000);

  it('brokerlab consume --decode prints what those clients framed as JSON', async () => {
    const io = testIo();
    const args = ['consume', 'shop-events', '--bootstrap', bootstrap, '--from-beginning', '--max', '3'];
    expect(await runCli([...args, '--decode', '--registry', registryUrl], io, verbs)).toBe(0);
    expect(
      io
        .out()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([
      { id: 7, item: 'kettle' },
      { order: 'o-7', parcels: 2 },
      { order: 'o-7', paid: true },
    ]);
    const json = testIo();
    expect(
      await runCli([...args, '--format', 'json', '--decode', '--registry', registryUrl], json, verbs),
    ).toBe(0);
    const first = JSON.parse(json.out().split('\n')[0]!) as { valueDecoded: unknown };
    expect(first.valueDecoded).toMatchObject({ schemaType: 'AVRO', subject: 'orders-value', version: 1 });
  }, 60_000);

  it('brokerlab export --decode writes each decoded value beside its bytes in JSON Lines', async () => {
    const out = join(dir, 'shop-events.jsonl');
    const io = testIo();
    const args = [
      'export',
      'shop-events',
      '--out',
      out,
      '--bootstrap',
      bootstrap,
      '--decode',
      '--registry',
      registryUrl,
    ];
    expect(await runCli(args, io, verbs), io.err()).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { valueDecoded: unknown });
    expect(lines.map((l) => l.valueDecoded)).toEqual([
      {
        schemaId: 1,
        schemaType: 'AVRO',
        subject: 'orders-value',
        version: 1,
        json: { id: 7, item: 'kettle' },
      },
      {
        schemaId: 2,
        schemaType: 'PROTOBUF',
        subject: 'shipments-value',
        version: 1,
        json: { order: 'o-7', parcels: 2 },
      },
      {
        schemaId: 3,
        schemaType: 'JSON',
        subject: 'payments-value',
        version: 1,
        json: { order: 'o-7', paid: true },
      },
    ]);
    const csv = testIo();
    expect(await runCli([...args.slice(0, 4), '--format', 'csv', ...args.slice(4)], csv, verbs)).toBe(2);
    expect(csv.err()).toContain('--decode writes JSON Lines only');
  }, 60_000);

  it("matches the console's filters against the decoded JSON: browse, a scan job and the tail", async () => {
    const { service } = host;
    // None of these is in the framed bytes as they are: the keys and the JSON text come from decoding.
    const byOrder = { value: { op: 'jsonPath', path: '$.order', test: { op: 'equals', text: 'o-7' } } };
    const byText = { value: { op: 'contains', text: '"item":"kettle"', caseSensitive: true } };
    const browsed = await service.call('messages.browse', { topic: 'shop-events', filter: byOrder });
    expect(browsed.records.map((r) => r.offset)).toEqual([1, 2]);
    const byTextPage = await service.call('messages.browse', { topic: 'shop-events', filter: byText });
    expect(byTextPage.records.map((r) => r.offset)).toEqual([0]);
    // Plain bytes still match as bytes.
    expect(
      (
        await service.call('messages.browse', {
          topic: 'shop-events',
          filter: { value: { op: 'contains', text: 'kettle' } },
        })
      ).records.map((r) => r.offset),
    ).toEqual([0]);

    const { jobId } = await service.call('messages.scan', {
      topic: 'shop-events',
      filter: { value: { op: 'regex', pattern: '"parcels":2\\b' } },
    });
    await new Promise<void>((resolve, reject) => {
      const stop = service.subscribe(
        'jobs.progress',
        { jobId },
        (event) => {
          if ((event as { state: string }).state === 'running') return;
          queueMicrotask(stop);
          resolve();
        },
        reject,
      );
    });
    expect((await service.call('messages.scanResults', { jobId })).records.map((r) => r.offset)).toEqual([1]);

    const registry = new SchemaRegistry({ host: registryUrl });
    const id = await registry.getLatestSchemaId('payments-value');
    const tailed = new Promise<number[]>((resolve, reject) => {
      const stop = service.subscribe(
        'messages.tail',
        {
          topic: 'shop-events',
          filter: { value: { op: 'jsonPath', path: '$.paid', test: { op: 'equals', text: 'false' } } },
        },
        (event) => {
          queueMicrotask(stop);
          resolve((event as { records: { offset: number }[] }).records.map((r) => r.offset));
        },
        reject,
      );
    });
    const producer = kafka().producer();
    await producer.connect();
    // Subscribing reads the end first; keep producing until the tail has seen one.
    let sent = false;
    void tailed.then(() => (sent = true));
    while (!sent) {
      await producer.send({
        topic: 'shop-events',
        acks: -1,
        messages: [
          { value: await registry.encode(id, { order: 'o-8', paid: true }) },
          { value: await registry.encode(id, { order: 'o-8', paid: false }) },
        ],
      });
      await Promise.race([tailed, new Promise((r) => setTimeout(r, 200))]);
    }
    await producer.disconnect();
    expect((await tailed).length).toBeGreaterThan(0);
    expect((await tailed).every((offset) => offset % 2 === 0)).toBe(true);
  }, 60_000);

  it('exports decoded JSON from the console and imports it encoded with a subject: the same bytes', async () => {
    const { service } = host;
    const registry = new SchemaRegistry({ host: registryUrl });
    const id = await registry.getRegistryId('orders-value', 1);
    const orders = [
      { id: 1, item: 'kettle' },
      { id: 2, item: 'teapot' },
      { id: 3, item: 'mug' },
    ];
    const producer = kafka().producer();
    await producer.connect();
    await producer.send({
      topic: 'orders-avro',
      acks: -1,
      messages: await Promise.all(orders.map(async (o) => ({ value: await registry.encode(id, o) }))),
    });
    await producer.disconnect();
    const valuesOf = async (topic: string) =>
      (await service.call('messages.browse', { topic, maxValueBytes: 1000 })).records.map((r) => r.value);
    const original = await valuesOf('orders-avro');
    expect(original).toHaveLength(3);

    const untilDone = (jobId: string) =>
      new Promise<{ state: string; error: { message: string } | null }>((resolve, reject) => {
        const stop = service.subscribe(
          'jobs.progress',
          { jobId },
          (event) => {
            const status = event as { state: string; error: { message: string } | null };
            if (status.state === 'running') return;
            queueMicrotask(stop);
            resolve(status);
          },
          reject,
        );
      });
    const file = join(dir, 'orders-avro.jsonl');
    const exported = await service.call('export.start', {
      topic: 'orders-avro',
      decode: true,
      destination: { to: 'file', fileId: service.files.grant(file, 'orders-avro.jsonl', 'save') },
    });
    expect((await untilDone(exported.jobId)).state).toBe('done');
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { valueDecoded: { json: unknown; subject: string } });
    expect(lines.map((l) => l.valueDecoded.json)).toEqual(orders);
    await expect(
      service.call('export.start', {
        topic: 'orders-avro',
        decode: true,
        format: 'csv',
        destination: { to: 'download' },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    // The console's import, encoding each valueDecoded with the subject's version 1.
    await service.call('topics.create', { name: 'orders-copy', partitions: 1, replicationFactor: 3 });
    const imported = await service.call('import.start', {
      topic: 'orders-copy',
      fileId: service.files.grant(file, 'orders-avro.jsonl', 'open'),
      encode: { subject: 'orders-value', version: 1 },
    });
    expect((await untilDone(imported.jobId)).state).toBe('done');
    expect(await valuesOf('orders-copy')).toEqual(original);

    // The CLI's import of plain JSON values: encoded with the latest version, and a value that
    // does not fit stops the import at its line.
    const plain = join(dir, 'plain-orders.jsonl');
    writeFileSync(plain, `${JSON.stringify({ value: JSON.stringify({ id: 4, item: 'cup' }) })}\n`);
    await service.call('topics.create', { name: 'orders-plain', partitions: 1, replicationFactor: 3 });
    const args = ['import', plain, '--topic', 'orders-plain', '--bootstrap', bootstrap];
    const io = testIo();
    expect(
      await runCli([...args, '--encode-subject', 'orders-value', '--registry', registryUrl], io, verbs),
      io.err(),
    ).toBe(0);
    const [encoded] = await valuesOf('orders-plain');
    expect(await registry.decode(Buffer.from(decodeBytes(encoded!)))).toEqual({ id: 4, item: 'cup' });
    writeFileSync(plain, `${JSON.stringify({ value: JSON.stringify({ id: 'five' }) })}\n`);
    const bad = testIo();
    expect(
      await runCli([...args, '--encode-subject', 'orders-value', '--registry', registryUrl], bad, verbs),
    ).not.toBe(0);
    expect(bad.err()).toContain('line 1: the value does not fit orders-value version 1');
  }, 60_000);

  it('refuses an incompatible schema with 409, as the client reports it', async () => {
    const registry = new SchemaRegistry({ host: registryUrl });
    const breaking = JSON.stringify({
      type: 'record',
      name: 'Order',
      namespace: 'shop',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'price', type: 'double' },
      ],
    });
    await expect(
      registry.register({ type: SchemaType.AVRO, schema: breaking }, { subject: 'orders-value' }),
    ).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('incompatible'),
    });
  });

  it("answers the console's schemas methods: list, get, check a draft, register, delete", async () => {
    const service = host.service;
    const listed = await service.call('schemas.list', {});
    expect(listed.registry).toBe(registryUrl);
    expect(listed.compatibility).toBe('BACKWARD');
    expect(listed.subjects.map((s) => s.subject)).toEqual([
      'orders-value',
      'payments-value',
      'shipments-value',
    ]);
    const order = await service.call('schemas.get', { subject: 'orders-value' });
    expect(order).toMatchObject({ version: 1, schemaType: 'AVRO', compatibility: 'BACKWARD' });
    const draft = { subject: 'console-value', schemaType: 'JSON' as const, schema: '{"type":"object"}' };
    expect(await service.call('schemas.check', draft)).toEqual({
      compatible: true,
      compatibility: 'BACKWARD',
      messages: [],
    });
    expect(await service.call('schemas.register', draft)).toMatchObject({ version: 1 });
    const narrowed = { ...draft, schema: '{"type":"object","required":["id"]}' };
    const check = await service.call('schemas.check', narrowed);
    expect(check.compatible).toBe(false);
    expect(check.messages.join()).toContain('REQUIRED_PROPERTY_ADDED');
    await expect(service.call('schemas.register', narrowed)).rejects.toMatchObject({ code: 'CONFLICT' });
    const registry = new SchemaRegistry({ host: registryUrl });
    const framed = await registry.encode(order.id, { id: 9, item: 'lamp' });
    expect(
      await service.call('schemas.decode', {
        bytes: { encoding: 'base64', data: framed.toString('base64') },
      }),
    ).toEqual({
      decoded: {
        schemaId: order.id,
        schemaType: 'AVRO',
        subject: 'orders-value',
        version: 1,
        json: '{"id":9,"item":"lamp"}',
      },
      problem: null,
    });
    expect(await service.call('schemas.decode', { bytes: { encoding: 'utf8', data: 'plain' } })).toEqual({
      decoded: null,
      problem: null,
    });
    // Encoding for the producer: checked against the schema, framed, and decoded back.
    for (const [subject, json] of [
      ['orders-value', '{"id":11,"item":"mug"}'],
      ['shipments-value', '{"order":"o-11","parcels":3}'],
      ['payments-value', '{"order":"o-11","paid":false}'],
    ] as const) {
      const encoded = await service.call('schemas.encode', { subject, json });
      const back = await service.call('schemas.decode', { bytes: encoded.bytes });
      expect(back.decoded).toMatchObject({ subject, json });
      // What the serializers' own decoder makes of it.
      expect(await registry.decode(Buffer.from(encoded.bytes.data, 'base64'))).toEqual(JSON.parse(json));
    }
    await expect(
      service.call('schemas.encode', { subject: 'orders-value', json: '{"id":"eleven"}' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('does not fit orders-value version 1'),
    });
    await expect(
      service.call('schemas.encode', { subject: 'payments-value', json: '{"paid":true}' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('order'),
    });
    expect(await service.call('schemas.delete', { subject: 'console-value' })).toEqual({ versions: [1] });
    expect(await service.call('schemas.delete', { subject: 'console-value', permanent: true })).toEqual({
      versions: [1],
    });
    await expect(service.call('schemas.get', { subject: 'console-value' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('keeps its state in _schemas: one compacted partition on three replicas', async () => {
    const topic = await host.service.call('topics.describe', { name: '_schemas' });
    expect(topic.partitions).toHaveLength(1);
    expect(topic.partitions[0]!.replicas).toHaveLength(3);
    expect(topic.configs.find((c) => c.name === 'cleanup.policy')?.value).toBe('compact');
  });

  it('keeps every registration through the kill of the _schemas leader and a cluster restart', async () => {
    const before = await host.service.call('topics.describe', { name: '_schemas' });
    await host.service.call('faults.killBroker', { brokerId: before.partitions[0]!.leader });
    const registry = new SchemaRegistry({ host: registryUrl });
    // Written with acks=all while a replica is down: answered only once two replicas have it.
    const v2 = await registry.register(
      { type: SchemaType.AVRO, schema: avroV2 },
      { subject: 'orders-value' },
    );
    const subjects = await (await fetch(`${registryUrl}/subjects`)).json();
    const versions = await (await fetch(`${registryUrl}/subjects/orders-value/versions`)).json();

    await host.stop();
    await start();
    expect(await (await fetch(`${registryUrl}/subjects`)).json()).toEqual(subjects);
    expect(await (await fetch(`${registryUrl}/subjects/orders-value/versions`)).json()).toEqual(versions);
    expect(versions).toEqual([1, 2]);
    const restarted = new SchemaRegistry({ host: registryUrl });
    expect(await restarted.getLatestSchemaId('orders-value')).toBe(v2.id);
    const encoded = await restarted.encode(v2.id, { id: 8, item: 'mug', quantity: 2 });
    expect(await restarted.decode(encoded)).toEqual({ id: 8, item: 'mug', quantity: 2 });
    // Ids keep counting from where they were.
    const next = await restarted.register(
      { type: SchemaType.JSON, schema: JSON.stringify({ type: 'string' }) },
      { subject: 'notes-value' },
    );
    expect(next.id).toBe(v2.id + 1);
  }, 120_000);
});
