/**
 * A remote cluster's own schema registry: saved with the connection (URL with a base path, as
 * Apicurio's ccompat API has, basic auth, a CA for https) and used by the schemas methods, the
 * encoder and the filters' decoding on that connection. The registry is Brokerlab's own behind an
 * https front that checks the Authorization header and serves it under /apis/ccompat/v7.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleApi, type Connection, type ConsoleApi } from '../../../host/api/index.js';
import { listenRegistry, type RegistryListener } from '../../../host/schema-registry/http-server.js';
import { SchemaRegistry } from '../../../host/schema-registry/registry.js';
import { RegistryRestClient } from '../../../host/schema-registry/rest-client.js';
import { RegistryState, type LogRecordText } from '../../../host/schema-registry/state.js';
import type { ConsoleService } from '../../../host/service/console-service.js';
import { TestCluster } from '../../engine/broker/test-cluster.js';
import { makeTlsMaterial, type TlsMaterial } from '../../peers/kafka/security.js';
import { fakeService } from '../fixtures/fake-service.js';

const BASE = '/apis/ccompat/v7';
const AUTH = `Basic ${Buffer.from('reader:s3cret').toString('base64')}`;

let dir: string;
let tls: TlsMaterial;
let inner: RegistryListener;
let front: Server;
let url: string;
let cluster: TestCluster;
let service: ConsoleService;
let api: ConsoleApi;
const seenAuth: (string | undefined)[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-remote-registry-'));
  tls = await makeTlsMaterial(join(dir, 'tls'), 'Registry Test CA');
  const log = { append: async (_records: readonly LogRecordText[]) => {} };
  inner = await listenRegistry(new SchemaRegistry(new RegistryState(), log), { host: '127.0.0.1', port: 0 });
  front = createServer(
    { key: readFileSync(tls.serverKey), cert: readFileSync(tls.serverPem) },
    (req, res) => {
      seenAuth.push(req.headers.authorization);
      const reply = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
        res.end(body);
      };
      if (!req.url?.startsWith(`${BASE}/`))
        return reply(404, JSON.stringify({ error_code: 404, message: 'HTTP 404 Not Found' }));
      if (req.headers.authorization !== AUTH)
        return reply(401, JSON.stringify({ error_code: 401, message: 'Unauthorized' }));
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        void fetch(`${inner.url}${req.url!.slice(BASE.length)}`, {
          method: req.method,
          headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
          body: body.length > 0 ? body : undefined,
        }).then(async (answer) => reply(answer.status, await answer.text()));
      });
    },
  );
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(front.address() as AddressInfo).port}${BASE}`;

  cluster = await TestCluster.start({ brokers: 1 });
  await cluster.createTopic('readings', 1, 1);
  service = fakeService();
  await service.useSavedConnections({ dir: join(dir, 'settings'), env: {} });
  api = createConsoleApi(service.transport());
}, 60_000);
afterAll(async () => {
  await service?.close();
  await cluster?.stop();
  await new Promise((resolve) => front?.close(resolve));
  await inner?.close();
  rmSync(dir, { recursive: true, force: true });
});

const readingSchema = JSON.stringify({
  type: 'record',
  name: 'Reading',
  fields: [
    { name: 'sensor', type: 'string' },
    { name: 'celsius', type: 'double' },
  ],
});

describe('a remote registry with basic auth and its own CA', () => {
  it('is reached only with the CA and the credentials', async () => {
    const ca = readFileSync(tls.caPem, 'utf8');
    await expect(new RegistryRestClient({ url, ca }).call('GET', '/subjects')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('(401): Unauthorized'),
    });
    await expect(
      new RegistryRestClient({ url, username: 'reader', password: 's3cret' }).call('GET', '/subjects'),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('cannot be reached') });
    const client = new RegistryRestClient({ url, username: 'reader', password: 's3cret', ca });
    expect(await client.call('GET', '/subjects')).toEqual([]);
  });

  it('serves the schemas methods, the encoder and decoded filters of the connection it is saved with', async () => {
    const added = await api.connections.add({
      name: 'Plant',
      bootstrap: `127.0.0.1:${cluster.port(1)}`,
      schemaRegistry: { url, username: 'reader', password: 's3cret', ca: { kind: 'file', path: tls.caPem } },
    });
    expect(await api.connections.get({ id: added.id })).toMatchObject({
      schemaRegistry: { url, username: 'reader', ca: { kind: 'file', path: tls.caPem } },
      secrets: { mode: 'memory', missing: [] },
    });
    // Testing the connection asks the registry too; a wrong password shows there.
    const tested = await api.connections.test({ id: added.id });
    expect(tested, JSON.stringify(tested.steps)).toMatchObject({ ok: true });
    expect(tested.steps.at(-1)?.text).toBe(`The schema registry at ${url} answered: 0 subjects.`);
    const wrong = await api.connections.test({
      id: added.id,
      settings: {
        name: 'Plant',
        bootstrap: `127.0.0.1:${cluster.port(1)}`,
        schemaRegistry: { url, username: 'reader', password: 'nope', ca: { kind: 'file', path: tls.caPem } },
      },
    });
    expect(wrong).toMatchObject({ ok: false, summary: expect.stringContaining('(401): Unauthorized') });
    seenAuth.length = 0;

    // The embedded connection's registry is not this one (the fake has none yet).
    await expect(api.schemas.list({})).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    const ready = new Promise<Connection>((resolve, reject) => {
      const stop = api.connections.onChanges(
        {},
        (c) => {
          if (c.id !== added.id || c.status !== 'ready') return;
          stop();
          resolve(c);
        },
        reject,
      );
    });
    await api.connections.select({ id: added.id });
    await ready;

    const registered = await api.schemas.register({
      subject: 'readings-value',
      schema: readingSchema,
      schemaType: 'AVRO',
    });
    expect(registered.version).toBe(1);
    expect((await api.schemas.list({})).subjects.map((s) => s.subject)).toEqual(['readings-value']);

    for (const reading of [
      { sensor: 'boiler', celsius: 81.5 },
      { sensor: 'intake', celsius: 12.25 },
    ]) {
      const { bytes } = await api.schemas.encode({
        subject: 'readings-value',
        json: JSON.stringify(reading),
      });
      await api.messages.produce({ topic: 'readings', key: null, value: bytes });
    }
    const page = await api.messages.browse({
      topic: 'readings',
      filter: { value: { op: 'jsonPath', path: '$.sensor', test: { op: 'equals', text: 'intake' } } },
    });
    expect(page.records.map((r) => r.offset)).toEqual([1]);
    const decoded = await api.schemas.decode({ bytes: page.records[0]!.value! });
    expect(decoded.decoded).toMatchObject({ subject: 'readings-value', version: 1 });
    expect(JSON.parse(decoded.decoded!.json)).toEqual({ sensor: 'intake', celsius: 12.25 });
    // Every call the connection made carried the saved credentials.
    expect(seenAuth.length).toBeGreaterThan(0);
    expect(seenAuth.every((a) => a === AUTH)).toBe(true);

    // An edit that leaves the password out keeps the saved one.
    await api.connections.update({
      id: added.id,
      settings: {
        name: 'Plant',
        bootstrap: `127.0.0.1:${cluster.port(1)}`,
        schemaRegistry: { url, username: 'reader', ca: { kind: 'file', path: tls.caPem } },
      },
    });
    expect((await api.schemas.list({})).subjects).toHaveLength(1);
  }, 60_000);
});
