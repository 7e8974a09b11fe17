/**
 * Browsing a big topic through the console service (`npm run bench host`): the embedded cluster
 * in its worker thread, a topic of 10M small JSON records (3 partitions, RF=1) loaded by kcat,
 * then, through the API as the console calls it:
 *
 *   the first page (100 records) oldest first, newest first, from a timestamp in the middle,
 *     and the page after it by cursor: latency of the first call and p50 over repeats;
 *   a filtered page (a filter that matches nothing, so one call examines up to 1M records);
 *   filtered scans (`messages.scan` jobs) over the whole topic: substring, regex, JSON path.
 *
 * Goals (issue 6): first page of a 10M-record topic ≤ 100 ms; filtered scan ≥ 1M records/s.
 * BENCH_RECORDS changes the topic's size. Prints figures; never fails on a number.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobStatus, MethodInput } from '../host/api/index.js';
import { startEmbeddedHost } from '../host/control/embedded-host.js';
import type { ConsoleService } from '../host/service/console-service.js';
import { freeBasePort } from './ports.js';

type Filter = MethodInput<'messages.scan'>['filter'];

const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000_000);
const PAGE_REPEATS = 20;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function row(what: string, value: string, goal = ''): void {
  console.log(`  ${what.padEnd(52)} ${value.padStart(22)}   ${goal}`);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** kcat fed by a generator of JSON lines: {"id":N,"user":"uN%1000","amount":N%9973}. */
function load(bootstrap: string, topic: string, count: number): Promise<void> {
  const generator = `
    const total = ${count}; let i = 0;
    const out = process.stdout;
    const more = () => {
      while (i < total) {
        let chunk = '';
        for (const end = Math.min(total, i + 10000); i < end; i++)
          chunk += '{"id":' + i + ',"user":"u' + (i % 1000) + '","amount":' + (i % 9973) + '}\\n';
        if (!out.write(chunk)) return out.once('drain', more);
      }
      out.end();
    };
    more();`;
  const kcat = [
    'kcat -P -q',
    `-b ${bootstrap}`,
    `-t ${topic}`,
    '-X acks=1 -X linger.ms=20 -X batch.num.messages=100000 -X batch.size=1000000',
    '-X queue.buffering.max.kbytes=1048576 -X queue.buffering.max.messages=1000000',
  ].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `"$NODE" -e "$GENERATOR" | ${kcat}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NODE: process.execPath, GENERATOR: generator },
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kcat exited with ${code}`))));
  });
}

async function totalRecords(service: ConsoleService, topic: string): Promise<number> {
  const described = await service.call('topics.describe', { name: topic });
  return described.partitions.reduce((sum, p) => sum + (p.highWatermark ?? 0) - (p.logStartOffset ?? 0), 0);
}

/** Latency of the first call and p50/p99 of the repeats that follow. */
async function timePage(
  service: ConsoleService,
  what: string,
  input: Omit<MethodInput<'messages.browse'>, 'topic'>,
): Promise<void> {
  const times: number[] = [];
  let records = 0;
  for (let i = 0; i <= PAGE_REPEATS; i++) {
    const t0 = performance.now();
    const page = await service.call('messages.browse', { topic: 'big', ...input });
    times.push(performance.now() - t0);
    records = page.records.length;
  }
  const [first, ...rest] = times;
  row(
    `${what} (${records} records)`,
    `${first!.toFixed(1)} ms, p50 ${percentile(rest, 50).toFixed(1)} ms`,
    'goal ≤ 100 ms',
  );
}

function jobEnd(service: ConsoleService, jobId: string): Promise<JobStatus> {
  return new Promise((resolve, reject) => {
    const stop = service.subscribe(
      'jobs.progress',
      { jobId },
      (event) => {
        const status = event as JobStatus;
        if (status.state === 'running') return;
        stop();
        resolve(status);
      },
      reject,
    );
  });
}

async function timeScan(service: ConsoleService, what: string, filter: Filter): Promise<void> {
  const t0 = performance.now();
  const { jobId } = await service.call('messages.scan', { topic: 'big', filter, maxMatches: 100_000 });
  const status = await jobEnd(service, jobId);
  const seconds = (performance.now() - t0) / 1000;
  if (status.result?.kind !== 'scan') throw new Error(`the ${what} scan ended ${status.state}`);
  const { scanned, matched } = status.result;
  row(
    `scan, ${what} (${fmt(matched)} of ${fmt(scanned)} match)`,
    `${fmt(scanned / seconds)} records/s`,
    'goal ≥ 1,000,000',
  );
}

const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-bench-browse-'));
const host = startEmbeddedHost({ dataDir, brokers: 3, host: '127.0.0.1', basePort: await freeBasePort(3) });
try {
  const { bootstrap } = await host.ready;
  const service = host.service;
  await service.call('topics.create', { name: 'big', partitions: 3, replicationFactor: 1 });
  const loadStarted = performance.now();
  await load(bootstrap, 'big', RECORDS);
  const loaded = await totalRecords(service, 'big');
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  console.log(
    `3 brokers in the host's worker thread; topic of ${fmt(loaded)} JSON records (~60 bytes), ` +
      `3 partitions, loaded by kcat at ${fmt(loaded / loadSeconds)} records/s; load average ` +
      loadavg()
        .map((l) => l.toFixed(1))
        .join(' '),
  );

  // A record in the middle of the fullest partition gives a timestamp mid-topic.
  const fullest = (await service.call('topics.describe', { name: 'big' })).partitions.reduce((a, b) =>
    (b.highWatermark ?? 0) > (a.highWatermark ?? 0) ? b : a,
  );
  const middle = (
    await service.call('messages.browse', {
      topic: 'big',
      partitions: [fullest.partition],
      start: { from: 'offset', offset: Math.floor((fullest.highWatermark ?? 0) / 2) },
      limit: 1,
    })
  ).records[0];
  await timePage(service, 'first page, oldest first', {});
  await timePage(service, 'first page, newest first', { order: 'newest-first', start: { from: 'newest' } });
  if (middle)
    await timePage(service, 'first page from a timestamp mid-topic', {
      start: { from: 'timestamp', timestamp: middle.timestamp },
    });
  const first = await service.call('messages.browse', { topic: 'big' });
  await timePage(service, 'next page by cursor', { cursor: first.cursor });

  const nothing: Filter = { value: { op: 'contains', text: 'no such text' } };
  const t0 = performance.now();
  const filtered = await service.call('messages.browse', {
    topic: 'big',
    filter: nothing,
    maxScan: 1_000_000,
  });
  const browseSeconds = (performance.now() - t0) / 1000;
  row(
    `filtered page, no match (${fmt(filtered.scanned)} examined)`,
    `${fmt(filtered.scanned / browseSeconds)} records/s`,
    'goal ≥ 1,000,000',
  );

  await timeScan(service, 'value contains', { value: { op: 'contains', text: '"u999"' } });
  await timeScan(service, 'value regex', { value: { op: 'regex', pattern: '"amount":99\\d\\d\\}' } });
  await timeScan(service, 'JSON path', {
    value: { op: 'jsonPath', path: '$.user', test: { op: 'equals', text: 'u7' } },
  });
} finally {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
