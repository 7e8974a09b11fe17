/**
 * `brokerlab schemas` in-process against a registry served over HTTP (its state in a list): each
 * verb's text and --json output, the registry found through the data dir's control.json, exit 1
 * with the registry's error code for a refusal or an incompatible schema.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verbs } from '../../../host/cli/commands/index.js';
import { runCli } from '../../../host/cli/program.js';
import { writeControlFile } from '../../../host/control/control-file.js';
import { listenRegistry, type RegistryListener } from '../../../host/schema-registry/http-server.js';
import { SchemaRegistry } from '../../../host/schema-registry/registry.js';
import { RegistryState, type LogRecordText } from '../../../host/schema-registry/state.js';
import { testIo } from './cli-io.js';

let listener: RegistryListener;
let dir: string;

beforeAll(async () => {
  const log = { append: async (_records: readonly LogRecordText[]) => {} };
  listener = await listenRegistry(new SchemaRegistry(new RegistryState(), log), {
    host: '127.0.0.1',
    port: 0,
  });
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-cli-schemas-'));
  writeFileSync(
    join(dir, 'order-v1.avsc'),
    JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'long' }] }),
  );
  writeFileSync(
    join(dir, 'order-v2.avsc'),
    JSON.stringify({
      type: 'record',
      name: 'Order',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'note', type: 'string', default: '' },
      ],
    }),
  );
  writeFileSync(
    join(dir, 'order-bad.avsc'),
    JSON.stringify({
      type: 'record',
      name: 'Order',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'total', type: 'double' },
      ],
    }),
  );
  writeFileSync(join(dir, 'ping.proto'), 'syntax = "proto3";\nmessage Ping { int64 at = 1; }\n');
});
afterAll(async () => {
  await listener.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(...args: string[]) {
  const io = testIo();
  const code = await runCli(['schemas', ...args], io, verbs);
  return { code, out: io.out(), err: io.err() };
}

describe('brokerlab schemas', () => {
  it('registers, lists and shows schemas, with the type taken from the file', async () => {
    const r = () => ['--registry', listener.url];
    expect(await run('register', 'orders-value', '--file', join(dir, 'order-v1.avsc'), ...r())).toMatchObject(
      {
        code: 0,
        out: 'registered orders-value version 1 with id 1\n',
      },
    );
    const again = await run(
      'register',
      'orders-value',
      '--file',
      join(dir, 'order-v1.avsc'),
      '--json',
      ...r(),
    );
    expect(JSON.parse(again.out)).toEqual({ subject: 'orders-value', id: 1, version: 1 });
    expect((await run('register', 'orders-value', '--file', join(dir, 'order-v2.avsc'), ...r())).code).toBe(
      0,
    );
    expect((await run('register', 'ping-value', '--file', join(dir, 'ping.proto'), ...r())).code).toBe(0);

    const list = await run('list', ...r());
    expect(list.out).toMatch(/^SUBJECT\s+TYPE\s+VERSIONS\s+LATEST ID\n/);
    expect(list.out).toMatch(/orders-value\s+AVRO\s+1,2\s+2\n/);
    expect(list.out).toMatch(/ping-value\s+PROTOBUF\s+1\s+3\n/);

    const get = await run('get', 'orders-value', '--version', '1', ...r());
    expect(get.out).toMatch(/^subject orders-value · version 1 · id 1 · AVRO\n\{\n {2}"type": "record"/);
    expect(JSON.parse((await run('get', 'ping-value', '--json', ...r())).out)).toMatchObject({
      schemaType: 'PROTOBUF',
      version: 1,
    });
  });

  it('checks compatibility: exit 0 when compatible, exit 1 with the reasons when not', async () => {
    const r = ['--registry', listener.url];
    const ok = await run('check', 'orders-value', '--file', join(dir, 'order-v2.avsc'), ...r);
    expect(ok).toMatchObject({ code: 0, out: 'compatible with orders-value under BACKWARD\n' });
    const bad = await run('check', 'orders-value', '--file', join(dir, 'order-bad.avsc'), ...r);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^not compatible with orders-value under BACKWARD:\n {2}.*total/);
    expect(bad.err).toBe('brokerlab: the schema is not compatible with orders-value\n');
    const refused = await run('register', 'orders-value', '--file', join(dir, 'order-bad.avsc'), ...r);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /^brokerlab: the schema registry refused \(409\): Schema being registered is incompatible/,
    );
  });

  it('finds the registry in the data dir and deletes softly, then permanently', async () => {
    await writeControlFile(dir, {
      url: 'http://127.0.0.1:1',
      token: 'x',
      pid: process.pid,
      bootstrap: '127.0.0.1:9092',
      registry: listener.url,
      startedAt: new Date().toISOString(),
    });
    const d = ['--data-dir', dir];
    expect(await run('delete', 'orders-value', '--version', '1', ...d)).toMatchObject({
      code: 0,
      out: 'soft-deleted orders-value version 1\n',
    });
    expect((await run('list', '--json', ...d)).out).toContain('"versions": [\n      2\n    ]');
    expect(await run('delete', 'orders-value', '--version', '1', '--permanent', ...d)).toMatchObject({
      code: 0,
      out: 'permanently deleted orders-value version 1\n',
    });
    const gone = await run('get', 'orders-value', '--version', '1', ...d);
    expect(gone).toMatchObject({
      code: 1,
      err: "brokerlab: the schema registry refused (40402): Version 1 not found for subject 'orders-value'.\n",
    });
  });

  it('says in one line where no registry can be found or reached', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'brokerlab-cli-schemas-none-'));
    try {
      const none = await run('list', '--data-dir', empty);
      expect(none.code).toBe(1);
      expect(none.err).toMatch(
        /^brokerlab: no running cluster found: .* or name a registry with --registry URL\n$/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const unreachable = await run('list', '--registry', 'http://127.0.0.1:1');
    expect(unreachable.err).toMatch(
      /^brokerlab: the schema registry at http:\/\/127\.0\.0\.1:1 cannot be reached: /,
    );
    expect((await run('get', 'x', '--version', 'nine', '--registry', listener.url)).code).toBe(2);
  });
});
