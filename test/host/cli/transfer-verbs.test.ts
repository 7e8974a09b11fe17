/**
 * `brokerlab export` and `brokerlab import` as users run them, against a real cluster: in-process
 * through the CLI frame, and as a spawned process whose heap is capped, exporting a million
 * records — a file far larger than the cap, so it only passes if the export streams.
 */
import { spawn } from 'node:child_process';
import {
  createReadStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verbs } from '../../../host/cli/commands/index.js';
import { runCli } from '../../../host/cli/program.js';
import { KafkaClient } from '../../../host/kafka-client/client.js';
import { Producer } from '../../../host/kafka-client/producer.js';
import { TestCluster } from '../../engine/broker/test-cluster.js';
import { testIo } from './cli-io.js';

const main = new URL('../../../host/cli/main.ts', import.meta.url).pathname;
const MILLION = 1_000_000;
/** The export's process may hold at most this much heap (V8's old space); the file is ~6 times larger. */
const HEAP_CAP_MB = 64;
/**
 * Its peak resident size must stay below this (tsx alone takes ~125 MB of it); the file is larger,
 * so an export that held the file, or the topic, in memory would not fit.
 */
const RSS_CAP_MB = 300;

let cluster: TestCluster;
let bootstrap: string;
let dir: string;

async function cli(args: string[]) {
  const io = testIo();
  const code = await runCli([...args, '--bootstrap', bootstrap], io, verbs);
  return { code, out: io.out(), err: io.err() };
}

/** Counts newlines without reading the file into memory. */
async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return lines;
}

beforeAll(async () => {
  cluster = await TestCluster.start({ brokers: 1 });
  bootstrap = `127.0.0.1:${cluster.port(1)}`;
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-transfer-cli-'));
  await cluster.createTopic('events', 3, 1);
  await cluster.createTopic('events-copy', 3, 1);
  await cluster.createTopic('million', 4, 1);
  const client = new KafkaClient({ bootstrap, clientId: 'transfer-cli-test' });
  const producer = new Producer(client, { acks: 1 });
  await producer.send(
    'events',
    Array.from({ length: 90 }, (_, i) => ({
      partition: i % 3,
      key: Buffer.from(`k${i}`),
      value: i % 9 === 0 ? Buffer.from([0, 0xff, i]) : Buffer.from(`event ${i}`),
      timestamp: Date.parse('2024-05-01T00:00:00Z') + i * 60_000,
    })),
  );
  const value = Buffer.alloc(300, 'v');
  for (let sent = 0; sent < MILLION; sent += 20_000) {
    await producer.send(
      'million',
      Array.from({ length: 20_000 }, (_, i) => ({ key: Buffer.from(String(sent + i)), value })),
    );
  }
  await client.close();
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('brokerlab export and import', () => {
  it('exports a topic, a partition, an offset and a time range, and imports the file back', async () => {
    const all = join(dir, 'events.csv.gz');
    const exported = await cli(['export', 'events', '--out', all]);
    expect(exported.err).toBe('');
    expect(exported).toMatchObject({ code: 0 });
    expect(exported.out).toMatch(
      new RegExp(`^exported 90 records of events \\(90 examined\\) to ${all} \\(`),
    );
    // The name chose CSV and gzip.
    expect(readFileSync(all).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));

    const imported = await cli([
      'import',
      all,
      '--topic',
      'events-copy',
      '--keep-partitions',
      '--keep-timestamps',
    ]);
    expect(imported).toMatchObject({ code: 0, err: '' });
    expect(imported.out).toBe(
      'imported 90 records into events-copy (partition 0: offsets 0-29, partition 1: offsets 0-29, partition 2: offsets 0-29)\n',
    );
    const again = join(dir, 'copy.jsonl');
    await cli(['export', 'events-copy', '--out', again]);
    const original = join(dir, 'events.jsonl');
    await cli(['export', 'events', '--out', original]);
    const strip = (path: string) =>
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.replace(/^\{"topic":"[^"]+",/, '{'))
        .sort();
    expect(strip(again)).toEqual(strip(original));

    const part = join(dir, 'part.jsonl');
    const range = await cli([
      'export',
      'events',
      '--out',
      part,
      '--partition',
      '2',
      '--from-offset',
      '5',
      '--to-offset',
      '9',
      '--json',
    ]);
    expect(JSON.parse(range.out)).toMatchObject({ kind: 'export', scanned: 5, records: 5, path: part });
    expect(
      readFileSync(part, 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { offset: number }).offset),
    ).toEqual([5, 6, 7, 8, 9]);

    // Records i = 10..19 are at 00:10 to 00:19; the end time is not included.
    const times = join(dir, 'times.txt');
    const byTime = await cli([
      'export',
      'events',
      '--out',
      times,
      '--from-time',
      '2024-05-01T00:10:00Z',
      '--to-time',
      '2024-05-01T00:20:00Z',
    ]);
    expect(byTime.out).toMatch(/^exported 10 records/);
    expect(
      readFileSync(times, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('event'))
        .sort(),
    ).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 19].map((i) => `event ${i}`).sort());
  });

  it('refuses bad arguments and bad files with one line', async () => {
    const cases: [string[], number, RegExp][] = [
      [['export', 'events'], 2, /required option '--out <file>' not specified/],
      [
        ['export', 'events', '--out', join(dir, 'x'), '--format', 'xml'],
        2,
        /Allowed choices are jsonl, csv, raw, parquet/,
      ],
      [
        ['export', 'events', '--out', join(dir, 'x.parquet'), '--gzip'],
        2,
        /gzip: Parquet compresses its own pages/,
      ],
      [
        ['export', 'events', '--out', join(dir, 'x'), '--from-offset', '1', '--from-time', '2024-01-01'],
        2,
        /give --from-offset or --from-time, not both/,
      ],
      [['export', 'nope', '--out', join(dir, 'nope.jsonl')], 1, /there is no topic "nope"/],
      [['import', join(dir, 'missing.jsonl'), '--topic', 'events'], 2, /cannot read .*missing\.jsonl/],
      [['import', 'x.jsonl'], 2, /required option '--topic <topic>' not specified/],
    ];
    for (const [args, code, message] of cases) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.err, args.join(' ')).toMatch(message);
      expect(result.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(() => statSync(join(dir, 'nope.jsonl'))).toThrow();
  });

  it('stops an export on SIGINT and leaves no file behind', async () => {
    const io = testIo();
    const out = join(dir, 'interrupted.jsonl');
    const running = runCli(['export', 'million', '--out', out, '--bootstrap', bootstrap], io, verbs);
    // Interrupt once the first progress line shows the export is under way (it takes seconds).
    await vi.waitFor(() => expect(io.err()).toMatch(/^exported [\d,]+ of 1,000,000 records/), {
      timeout: 60_000,
      interval: 50,
    });
    io.stop();
    expect(await running).toBe(1);
    expect(io.err()).toMatch(/brokerlab: interrupted: exported [\d,]+ records\n$/);
    expect(readdirSync(dir).filter((name) => name.includes('interrupted'))).toEqual([]);
  }, 120_000);

  it(`exports a million records with the heap capped at ${HEAP_CAP_MB} MB`, async () => {
    const out = join(dir, 'million.jsonl');
    const rssReporter = join(dir, 'report-rss.mjs');
    writeFileSync(
      rssReporter,
      "process.on('exit', () => process.stderr.write(`maxrss=${process.resourceUsage().maxRSS}\\n`));\n",
    );
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${HEAP_CAP_MB}`,
        '--import',
        'tsx',
        // Buffers live outside the heap: the process also reports its peak resident size.
        '--import',
        pathToFileURL(rssReporter).href,
        main,
        'export',
        'million',
        '--out',
        out,
        '--bootstrap',
        bootstrap,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/heap out of memory/);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^exported 1000000 records of million \(1000000 examined\)/);
    // Progress went to stderr as it ran.
    expect(stderr).toMatch(/exported [\d,]+ of 1,000,000 records, \d+%/);
    expect(statSync(out).size).toBeGreaterThan(5 * HEAP_CAP_MB * 1024 * 1024);
    expect(await countLines(out)).toBe(MILLION);
    const maxRssKiB = Number(/maxrss=(\d+)/.exec(stderr)?.[1]);
    console.log(
      `peak RSS ${Math.round(maxRssKiB / 1024)} MB for a ${Math.round(statSync(out).size / 2 ** 20)} MB file`,
    );
    expect(maxRssKiB / 1024).toBeLessThan(RSS_CAP_MB);
    expect(statSync(out).size / 2 ** 20).toBeGreaterThan(RSS_CAP_MB);
  }, 300_000);
});
