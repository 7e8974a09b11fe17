/**
 * Export and import through the console service and the web host, as the console drives them:
 * files only as granted ids (a desktop dialog, an upload), jobs with progress, a download route
 * for finished exports, and a cancel that leaves no file behind.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  createConsoleApi,
  webFiles,
  type ConsoleApi,
  type JobStatus,
  type WebFiles,
} from '../../../host/api/index.js';
import { open } from '../../../host/console/remote-connection.js';
import { KafkaClient } from '../../../host/kafka-client/client.js';
import { Producer } from '../../../host/kafka-client/producer.js';
import { ConsoleService } from '../../../host/service/console-service.js';
import { startWebHost, type WebHost } from '../../../host/web/server.js';
import { TestCluster } from '../../engine/broker/test-cluster.js';
import { inProcessBackend } from '../fixtures/fake-service.js';

let cluster: TestCluster;
let service: ConsoleService;
let api: ConsoleApi;
let host: WebHost;
let files: WebFiles;
let dir: string;

function jobEnd(jobId: string): Promise<JobStatus> {
  return new Promise((resolve, reject) => {
    const stop = api.jobs.onProgress(
      { jobId },
      (status) => {
        if (status.state === 'running') return;
        stop();
        resolve(status);
      },
      reject,
    );
  });
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

beforeAll(async () => {
  cluster = await TestCluster.start({ brokers: 3 });
  const bootstrap = `127.0.0.1:${cluster.port(1)}`;
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-transfer-service-'));
  service = new ConsoleService({ transferBaseDir: dir });
  service.connections.add({
    id: 'remote',
    name: 'Test cluster',
    kind: 'remote',
    bootstrap,
    capabilities: { faults: false, clusterEvents: false, brokerStates: false },
    start: async () => inProcessBackend(await open({ bootstrap })),
  });
  api = createConsoleApi(service.transport());
  host = await startWebHost({ service, port: 0, staticDir: dir });
  files = webFiles({ baseUrl: `http://127.0.0.1:${host.port}`, token: host.token });

  await cluster.createTopic('orders', 2, 3);
  await cluster.createTopic('copy', 2, 3);
  await cluster.createTopic('large', 1, 1);
  const client = new KafkaClient({ bootstrap, clientId: 'transfer-service-test' });
  const producer = new Producer(client, { acks: -1 });
  await producer.send(
    'orders',
    Array.from({ length: 100 }, (_, i) => ({
      partition: i % 2,
      key: Buffer.from(`k${i}`),
      value: i % 10 === 0 ? Buffer.from([0xfe, i]) : Buffer.from(`order ${i}`),
      headers: [{ key: 'h', value: Buffer.from([0x80]) }],
      timestamp: 1_700_000_000_000 + i,
    })),
  );
  const value = Buffer.alloc(2000, 0x61);
  for (let i = 0; i < 20; i++)
    await producer.send(
      'large',
      Array.from({ length: 1000 }, () => ({ key: null, value })),
    );
  await client.close();
}, 90_000);

afterAll(async () => {
  await host?.close();
  await service?.close();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('export and import through the service', () => {
  it('exports to a download, serves it, uploads it back and imports it', async () => {
    const { jobId } = await api.export.start({ topic: 'orders', destination: { to: 'download' } });
    const done = await jobEnd(jobId);
    expect(done).toMatchObject({
      kind: 'export',
      state: 'done',
      title: 'export orders to orders.jsonl',
      progress: { records: 100, totalRecords: 100, matched: 100, percent: 100 },
      result: { kind: 'export', scanned: 100, records: 100, fileName: 'orders.jsonl' },
    });
    const result = done.result as { downloadId: string; bytes: number };
    expect(result.downloadId).toMatch(/^[0-9a-f]{32}$/);

    // The download route: the token may be in the query, the name comes as an attachment.
    const response = await fetch(files.downloadUrl(result.downloadId));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('attachment; filename="orders.jsonl"');
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.length).toBe(result.bytes);
    expect(body.toString('utf8').trim().split('\n')).toHaveLength(100);
    const noToken = await fetch(files.downloadUrl(result.downloadId).replace(/token=\w+/, 'token=x'));
    expect(noToken.status).toBe(401);

    const uploaded = await files.upload(new Blob([body]), 'orders.jsonl');
    expect(uploaded).toMatchObject({ name: 'orders.jsonl', bytes: body.length });
    const preview = await api.import.preview({ fileId: uploaded.fileId, limit: 3 });
    expect(preview).toMatchObject({ format: 'jsonl', gzip: false, problem: null });
    expect(preview.records).toHaveLength(3);
    expect(preview.records[0]).toMatchObject({ line: 1, partition: 0, value: { encoding: 'base64' } });

    const imported = await api.import.start({
      topic: 'copy',
      fileId: uploaded.fileId,
      keepPartitions: true,
      keepTimestamps: true,
    });
    const end = await jobEnd(imported.jobId);
    expect(end).toMatchObject({ kind: 'import', state: 'done', progress: { records: 100 } });
    expect(end.result).toEqual({
      kind: 'import',
      records: 100,
      partitions: [
        { partition: 0, firstOffset: 0, lastOffset: 49 },
        { partition: 1, firstOffset: 0, lastOffset: 49 },
      ],
    });
    const page = await api.messages.browse({ topic: 'copy', partitions: [0], limit: 1 });
    expect(page.records[0]).toMatchObject({
      offset: 0,
      timestamp: 1_700_000_000_000,
      key: { encoding: 'utf8', data: 'k0' },
      value: { encoding: 'base64', data: Buffer.from([0xfe, 0]).toString('base64') },
      headers: [{ key: 'h', value: { encoding: 'base64', data: 'gA==' } }],
    });
  });

  it('removes a download when its job is forgotten', async () => {
    const bootstrap = `127.0.0.1:${cluster.port(1)}`;
    const small = new ConsoleService({ transferBaseDir: dir, jobs: { keepFinished: 1 } });
    small.connections.add({
      id: 'remote',
      name: 'Test cluster',
      kind: 'remote',
      bootstrap,
      capabilities: { faults: false, clusterEvents: false, brokerStates: false },
      start: async () => inProcessBackend(await open({ bootstrap })),
    });
    try {
      const exportOnce = async () => {
        const { jobId } = await small.call('export.start', {
          topic: 'orders',
          destination: { to: 'download' },
        });
        await vi.waitFor(() => expect(small.jobs.get(jobId)?.state).toBe('done'), { timeout: 20_000 });
        return (small.jobs.get(jobId)!.result as { downloadId: string }).downloadId;
      };
      const first = await exportOnce();
      const path = small.files.download(first)!.path;
      expect(existsSync(path)).toBe(true);
      const second = await exportOnce();
      // Only one finished job is kept: the first one and its file are gone.
      expect(small.files.download(first)).toBeUndefined();
      await vi.waitFor(() => expect(existsSync(path)).toBe(false));
      expect(small.files.download(second)).toBeDefined();
    } finally {
      await small.close();
    }
  });

  it('writes where the desktop dialog chose, and refuses ids it never granted', async () => {
    expect((await failure(api.export.chooseFile({ suggestedName: 'o.csv', format: 'csv' }))).code).toBe(
      'UNAVAILABLE',
    );
    const chosen = join(dir, 'chosen.csv.gz');
    service.setFileDialogs({ save: async () => chosen, open: async () => null });
    const file = await api.export.chooseFile({ suggestedName: 'orders.csv.gz', format: 'csv' });
    expect(file).toMatchObject({ name: 'chosen.csv.gz' });
    const { jobId } = await api.export.start({
      topic: 'orders',
      partitions: [1],
      format: 'csv',
      gzip: true,
      destination: { to: 'file', fileId: file!.fileId },
    });
    expect((await jobEnd(jobId)).result).toMatchObject({
      records: 50,
      fileName: 'chosen.csv.gz',
      downloadId: null,
    });
    expect(readFileSync(chosen).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(await api.import.chooseFile()).toBeNull();
    service.setFileDialogs(null);

    const unknown = await failure(
      api.export.start({ topic: 'orders', destination: { to: 'file', fileId: 'ab'.repeat(16) } }),
    );
    expect(unknown.code).toBe('NOT_FOUND');
    // A file granted to be written cannot be read by an import, and the other way round.
    const wrongUse = await failure(api.import.preview({ fileId: file!.fileId }));
    expect(wrongUse.code).toBe('FORBIDDEN');
  });

  it('reports a bad line in the preview and fails the import with the line and the count', async () => {
    const uploaded = await files.upload(new Blob(['{"value":"a"}\n{"value":"b"}\nnot json\n']), 'bad.jsonl');
    const preview = await api.import.preview({ fileId: uploaded.fileId });
    expect(preview.records).toHaveLength(2);
    expect(preview.problem).toMatchObject({ line: 3, message: expect.stringMatching(/^not valid JSON/) });
    const { jobId } = await api.import.start({ topic: 'copy', fileId: uploaded.fileId });
    const end = await jobEnd(jobId);
    expect(end.state).toBe('failed');
    expect(end.error?.code).toBe('INVALID_INPUT');
    expect(end.error?.message).toMatch(
      /^line 3: not valid JSON .*\(0 records were written to "copy" before it\)$/,
    );
  });

  it('cancels an export and leaves no file behind', async () => {
    const chosen = join(dir, 'cancelled.jsonl');
    service.setFileDialogs({ save: async () => chosen, open: async () => null });
    const file = await api.export.chooseFile({ suggestedName: 'large.jsonl', format: 'jsonl' });
    service.setFileDialogs(null);
    const { jobId } = await api.export.start({
      topic: 'large',
      destination: { to: 'file', fileId: file!.fileId },
    });
    // Cancelled at once: the job ends cancelled whatever the worker had written by then (the
    // console test cancels mid-file, deterministically, from the progress callback).
    const cancelled = await api.jobs.cancel({ jobId });
    expect(cancelled.state).toBe('cancelled');
    // The worker removes its temporary once the write stream has closed.
    await vi.waitFor(() => expect(readdirSync(dir).filter((n) => n.includes('cancelled'))).toEqual([]), {
      timeout: 10_000,
    });
    expect(existsSync(chosen)).toBe(false);
  });
});
