/**
 * Export and import against a real 3-broker cluster over the wire client: every format that can
 * hold binary keys, values and headers carries them back exactly; the export of a topic is what
 * kcat consumes from it; ranges and filters pick what they say; a cancelled export leaves no
 * file; bad import lines are named by line, with the count of what was written before them.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parquetReadObjects } from 'hyparquet';
import { asyncBufferFromFile } from 'hyparquet/src/node.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordHeader } from '../../../engine/records/record.js';
import { ApiError } from '../../../host/api/errors.js';
import type { ExportFormat } from '../../../host/api/schemas/transfer.js';
import { exportTopic, type ExportTaskInput } from '../../../host/console/export/export-topic.js';
import { IMPORT_BATCH_RECORDS, importFile } from '../../../host/console/import/import-topic.js';
import { readRanges } from '../../../host/console/record-stream.js';
import { KafkaClient } from '../../../host/kafka-client/client.js';
import { partitionBounds, partitionKey } from '../../../host/kafka-client/offsets.js';
import { Producer, type ProducerRecord } from '../../../host/kafka-client/producer.js';
import type { TaskReport } from '../../../host/worker/implementation.js';
import { TestCluster } from '../../engine/broker/test-cluster.js';

const kcatAvailable = (() => {
  try {
    execFileSync('kcat', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** kcat's output (asynchronously: the brokers run in this process); a failure carries what kcat said. */
function kcat(args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'kcat',
      args,
      { encoding: 'buffer', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`kcat ${args.join(' ')} failed: ${String(stderr)}`)) : resolve(stdout),
    );
  });
}

const silent: TaskReport = { progress: () => {} };
const never = new AbortController().signal;
const T0 = 1_700_000_000_000;

/** A fixed pseudo-random byte source (LCG), so every run writes the same records. */
function bytesFrom(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Keys, values and headers of every kind: null, empty, text, binary (never valid UTF-8), text with CSV and JSON specials. */
function mixedRecord(i: number): ProducerRecord {
  const keys = [
    null,
    Buffer.alloc(0),
    Buffer.from(`k-${i}`),
    Buffer.concat([Buffer.from([0xff, 0xfe]), bytesFrom(i, 9)]),
  ];
  const values = [
    Buffer.from(`héllo ✓ ${i}`),
    null,
    Buffer.alloc(0),
    Buffer.concat([Buffer.from([0xc3, 0x28]), bytesFrom(i + 7, 40)]),
    Buffer.from(`line one\nline "two", with comma\r\n{"json":${i}}`),
  ];
  const headers: RecordHeader[][] = [
    [],
    [{ key: 'trace', value: Buffer.concat([Buffer.from([0x80]), bytesFrom(i + 3, 5)]) }],
    [
      { key: 'dup', value: Buffer.from('a') },
      { key: 'dup', value: null },
      { key: 'ünï', value: Buffer.alloc(0) },
    ],
  ];
  return {
    partition: i % 3,
    key: keys[i % keys.length]!,
    value: values[i % values.length]!,
    headers: headers[i % headers.length]!,
    timestamp: T0 + i * 1000,
  };
}

const hex = (b: Buffer | null): string | null => (b === null ? null : b.toString('hex'));

let cluster: TestCluster;
let client: KafkaClient;
let bootstrap: string;
let dir: string;

async function produce(topic: string, records: ProducerRecord[]): Promise<void> {
  const producer = new Producer(client, { acks: -1 });
  for (let i = 0; i < records.length; i += 1000) await producer.send(topic, records.slice(i, i + 1000));
}

/** Every record of a topic, by partition and offset, with bytes as hex. */
async function contents(topic: string) {
  const metadata = await client.metadata({ topics: [topic], refresh: true });
  const partitions = metadata.topics.get(topic)!.partitions.map((p) => p.partition);
  const bounds = await partitionBounds(
    client,
    partitions.map((partition) => ({ topic, partition })),
  );
  const ranges = partitions.map((partition) => {
    const b = bounds.get(partitionKey({ topic, partition }))!;
    return { partition, from: b.logStartOffset, to: b.highWatermark };
  });
  const out: unknown[] = [];
  for await (const round of readRanges(client, topic, ranges)) {
    for (const chunk of round.batches) {
      for (const r of chunk.records) {
        out.push({
          partition: chunk.partition,
          offset: r.offset,
          timestamp: r.timestamp,
          key: hex(r.key),
          value: hex(r.value),
          headers: r.headers.map((h) => ({ key: h.key, value: hex(h.value) })),
        });
      }
    }
  }
  return out.sort(
    (a, b) =>
      (a as { partition: number }).partition - (b as { partition: number }).partition ||
      (a as { offset: number }).offset - (b as { offset: number }).offset,
  );
}

function exportInput(topic: string, file: string, more: Partial<ExportTaskInput> = {}): ExportTaskInput {
  return {
    topic,
    start: { from: 'oldest' },
    end: { to: 'now' },
    format: 'jsonl',
    gzip: false,
    path: join(dir, file),
    fileName: file,
    ...more,
  };
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
  bootstrap = `127.0.0.1:${cluster.port(1)}`;
  client = new KafkaClient({ bootstrap, clientId: 'transfer-test' });
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-transfer-test-'));
  await cluster.createTopic('mixed', 3, 3);
  await produce(
    'mixed',
    Array.from({ length: 300 }, (_, i) => mixedRecord(i)),
  );
}, 60_000);

afterAll(async () => {
  await client?.close();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('export and import', () => {
  const cases: [ExportFormat, boolean][] = [
    ['jsonl', false],
    ['jsonl', true],
    ['csv', false],
    ['csv', true],
  ];
  for (const [format, gzip] of cases) {
    it(`carries binary keys, values and headers back exactly through ${format}${gzip ? '.gz' : ''}`, async () => {
      const file = `mixed.${format}${gzip ? '.gz' : ''}`;
      const exported = await exportTopic(client, exportInput('mixed', file, { format, gzip }), silent, never);
      expect(exported).toMatchObject({ kind: 'export', scanned: 300, records: 300, fileName: file });
      const raw = readFileSync(join(dir, file));
      expect(raw.length).toBe(exported.bytes);
      expect(raw[0] === 0x1f && raw[1] === 0x8b).toBe(gzip);

      const target = `back-${format}${gzip ? '-gz' : ''}`;
      await cluster.createTopic(target, 3, 1);
      const imported = await importFile(
        client,
        { topic: target, keepPartitions: true, keepTimestamps: true, path: join(dir, file), fileName: file },
        silent,
        never,
      );
      expect(imported.records).toBe(300);
      expect(imported.partitions).toEqual(
        [0, 1, 2].map((p) => ({ partition: p, firstOffset: 0, lastOffset: 99 })),
      );
      expect(await contents(target)).toEqual(await contents('mixed'));
    });
  }

  it('writes Parquet that a Parquet reader reads back to the same bytes', async () => {
    const exported = await exportTopic(
      client,
      exportInput('mixed', 'mixed.parquet', { format: 'parquet' }),
      silent,
      never,
    );
    expect(exported.records).toBe(300);
    const rows = (await parquetReadObjects({
      file: await asyncBufferFromFile(join(dir, 'mixed.parquet')),
      utf8: false,
    })) as {
      partition: number;
      offset: bigint;
      timestamp: bigint | Date;
      key: Uint8Array | null;
      value: Uint8Array | null;
      headers: { key: Uint8Array | string; value: Uint8Array | null }[];
    }[];
    const read = rows
      .map((r) => ({
        partition: r.partition,
        offset: Number(r.offset),
        timestamp: r.timestamp instanceof Date ? r.timestamp.getTime() : Number(r.timestamp),
        key: r.key === null || r.key === undefined ? null : Buffer.from(r.key).toString('hex'),
        value: r.value === null || r.value === undefined ? null : Buffer.from(r.value).toString('hex'),
        headers: r.headers.map((h) => ({
          key: typeof h.key === 'string' ? h.key : Buffer.from(h.key).toString('utf8'),
          value: h.value === null || h.value === undefined ? null : Buffer.from(h.value).toString('hex'),
        })),
      }))
      .sort((a, b) => a.partition - b.partition || a.offset - b.offset);
    expect(read).toEqual(await contents('mixed'));
  });

  it('exports chosen partitions, offset ranges, time ranges and filter matches', async () => {
    const lines = (file: string) =>
      readFileSync(join(dir, file), 'utf8')
        .trim()
        .split('\n')
        .map(
          (l) => JSON.parse(l) as { partition: number; offset: number; timestamp: number; value: unknown },
        );
    const byOffset = await exportTopic(
      client,
      exportInput('mixed', 'range.jsonl', {
        partitions: [1],
        start: { from: 'offset', offset: 10 },
        end: { to: 'offset', offset: 19 },
      }),
      silent,
      never,
    );
    expect(byOffset).toMatchObject({ scanned: 10, records: 10 });
    expect(lines('range.jsonl').map((l) => [l.partition, l.offset])).toEqual(
      Array.from({ length: 10 }, (_, i) => [1, 10 + i]),
    );

    // Records i = 30..59 have timestamps T0 + i s; the end time is not included.
    await exportTopic(
      client,
      exportInput('mixed', 'time.jsonl', {
        start: { from: 'timestamp', timestamp: T0 + 30_000 },
        end: { to: 'timestamp', timestamp: T0 + 60_000 },
      }),
      silent,
      never,
    );
    expect(
      lines('time.jsonl')
        .map((l) => l.timestamp)
        .sort(),
    ).toEqual(Array.from({ length: 30 }, (_, i) => T0 + (30 + i) * 1000));

    const filtered = await exportTopic(
      client,
      exportInput('mixed', 'filter.jsonl', {
        filter: { value: { op: 'contains', text: 'héllo', caseSensitive: true } },
      }),
      silent,
      never,
    );
    expect(filtered).toMatchObject({ scanned: 300, records: 60 });
    expect(lines('filter.jsonl').every((l) => String(l.value).startsWith('héllo ✓'))).toBe(true);
  });

  it('reports progress with totals, and the last report counts everything', async () => {
    const reports: {
      records?: number;
      totalRecords?: number | null;
      matched?: number | null;
      bytes?: number;
    }[] = [];
    const result = await exportTopic(
      client,
      exportInput('mixed', 'progress.csv', { format: 'csv' }),
      { progress: (c) => reports.push(c) },
      never,
    );
    expect(reports[0]).toMatchObject({ records: 0, totalRecords: 300 });
    expect(reports.at(-1)).toEqual({ records: 300, bytes: result.bytes, totalRecords: 300, matched: 300 });
  });

  it('leaves neither the file nor a temporary behind when cancelled', async () => {
    await cluster.createTopic('big', 1, 1);
    const value = bytesFrom(1, 1000);
    await produce(
      'big',
      Array.from({ length: 20_000 }, (_, i) => ({ key: Buffer.from(`k${i}`), value })),
    );
    const controller = new AbortController();
    const before = readdirSync(dir);
    let rounds = 0;
    const error = await failure(
      exportTopic(
        client,
        exportInput('big', 'big.jsonl'),
        {
          progress: (c) => {
            // Cancel once the first round is written (the topic takes about 20 rounds).
            if ((c.records ?? 0) > 0 && ++rounds === 1) controller.abort();
          },
        },
        controller.signal,
      ),
    );
    expect(error.code).toBe('CANCELLED');
    expect(readdirSync(dir)).toEqual(before);
  });

  it.skipIf(!kcatAvailable)(
    'exports what kcat consumes (JSON Lines against kcat -J, raw against kcat -f %s)',
    async () => {
      await cluster.createTopic('text', 2, 3);
      await produce(
        'text',
        Array.from({ length: 50 }, (_, i) => ({
          partition: i % 2,
          key: i % 5 === 0 ? null : Buffer.from(`key ${i} ✓`),
          value: Buffer.from(`{"n":${i},"s":"ünïcode \\"q\\""}`),
          headers: i % 3 === 0 ? [{ key: 'h', value: Buffer.from(`v${i}`) }] : [],
          timestamp: T0 + i,
        })),
      );
      await exportTopic(client, exportInput('text', 'text.jsonl'), silent, never);
      const ours = readFileSync(join(dir, 'text.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const r = JSON.parse(l) as {
            partition: number;
            offset: number;
            timestamp: number;
            key: string | null;
            value: string;
            headers: { key: string; value: string }[];
          };
          return {
            p: r.partition,
            o: r.offset,
            ts: r.timestamp,
            k: r.key,
            v: r.value,
            h: r.headers.flatMap((h) => [h.key, h.value]),
          };
        });
      const theirs = (await kcat(['-C', '-b', bootstrap, '-t', 'text', '-o', 'beginning', '-e', '-q', '-J']))
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const r = JSON.parse(l) as {
            partition: number;
            offset: number;
            ts: number;
            key: string | null;
            payload: string;
            headers?: string[];
          };
          return { p: r.partition, o: r.offset, ts: r.ts, k: r.key, v: r.payload, h: r.headers ?? [] };
        });
      const order = (a: { p: number; o: number }, b: { p: number; o: number }) => a.p - b.p || a.o - b.o;
      expect(ours.sort(order)).toEqual(theirs.sort(order));
      expect(ours).toHaveLength(50);

      // Raw values of one partition, byte for byte (binary values and empty and null ones too).
      await exportTopic(
        client,
        exportInput('mixed', 'p2.txt', { format: 'raw', partitions: [2] }),
        silent,
        never,
      );
      const raw = await kcat([
        '-C',
        '-b',
        bootstrap,
        '-t',
        'mixed',
        '-p',
        '2',
        '-o',
        'beginning',
        '-e',
        '-q',
        '-f',
        '%s\\n',
      ]);
      expect(readFileSync(join(dir, 'p2.txt')).equals(raw)).toBe(true);
    },
  );
});

describe('import of bad files', () => {
  const run = (
    topic: string,
    file: string,
    text: string | Buffer,
    options: { keepPartitions?: boolean } = {},
  ) => {
    writeFileSync(join(dir, file), text);
    return importFile(
      client,
      {
        topic,
        keepPartitions: options.keepPartitions ?? false,
        keepTimestamps: false,
        path: join(dir, file),
        fileName: file,
      },
      silent,
      never,
    );
  };

  it('names the bad line of a JSON Lines file and how many records were written before it', async () => {
    await cluster.createTopic('bad-jsonl', 1, 1);
    const good = Array.from({ length: IMPORT_BATCH_RECORDS + 500 }, (_, i) =>
      JSON.stringify({ key: `k${i}`, value: `v${i}` }),
    );
    const badLine = IMPORT_BATCH_RECORDS + 502;
    const text = [...good, '', '{"value": {"base64": "@@@"}}', '{"value":"after"}'].join('\n');
    const error = await failure(run('bad-jsonl', 'bad.jsonl', text));
    expect(error.code).toBe('INVALID_INPUT');
    // Records go out a batch at a time: the first batch was written, the one holding the bad line was not.
    expect(error.message).toBe(
      `line ${badLine}: value.base64: is not valid base64 (${IMPORT_BATCH_RECORDS} records were written to "bad-jsonl" before it)`,
    );
    expect(await contents('bad-jsonl')).toHaveLength(IMPORT_BATCH_RECORDS);

    const cases: [string, RegExp][] = [
      ['{"value":"a"}\n{"value":"b"\n', /^line 2: not valid JSON/],
      ['{"value":"a"}\n[1,2]\n', /^line 2: a line must be a JSON object/],
      ['{"key":"a"}\n', /^line 1: a record needs a "value"/],
      [
        '{"value":"a","headers":[{"key":1,"value":"x"}]}\n',
        /^line 1: headers\.0\.key: a header key is a string/,
      ],
      ['{"value":"a","partition":-1}\n', /^line 1: partition: partition must not be negative/],
    ];
    for (const [body, message] of cases) {
      const e = await failure(run('bad-jsonl', 'case.jsonl', body));
      expect(e.message, body).toMatch(message);
      expect(e.message, body).toMatch(/\(0 records were written to "bad-jsonl" before it\)$/);
    }
  });

  it('names the bad line of a CSV file', async () => {
    await cluster.createTopic('bad-csv', 2, 1);
    const header = 'key,key_encoding,value,value_encoding,partition,timestamp,headers\n';
    const cases: [string, RegExp][] = [
      [header + 'a,utf8,b,utf8,0,1,\nc,utf8,!!,base64,0,1,\n', /^line 3: value: is not valid base64/],
      [header + 'a,utf8,b,utf8,0,1,\n"a,utf8,b\n', /^line 3: /],
      [header + 'a,utf8,b,rot13,0,1,\n', /^line 2: value_encoding: is "rot13"/],
      [header + 'a,utf8,b,utf8,x,1,\n', /^line 2: partition: "x" is not a whole number/],
      [header + 'a,utf8,b,utf8,0,1,"[{""key"":""h""}]"\n', /^line 2: headers\.0\.value: must be a string/],
      [header + 'a,utf8,b,utf8,0,1,[{"key":"h"}]\n', /^line 2: Invalid Opening Quote/],
      ['key,payload\na,b\n', /^line 1: the header row has no "value" column \(it has: key, payload\)/],
      [header + 'a,utf8,b,utf8,7,1,\n', /^line 2: partition 7 does not exist in topic "bad-csv"/],
    ];
    for (const [body, message] of cases) {
      const e = await failure(run('bad-csv', 'case.csv', body, { keepPartitions: true }));
      expect(e.message, body).toMatch(message);
    }
    expect(await contents('bad-csv')).toHaveLength(0);
  });

  it('reads CSV written by hand: text cells, a multi-line quoted value, no encoding columns', async () => {
    await cluster.createTopic('hand-csv', 1, 1);
    const result = await run('hand-csv', 'hand.csv', 'key,value\nk1,"two\nlines"\n,plain\n');
    expect(result.records).toBe(2);
    const records = (await contents('hand-csv')) as { key: string | null; value: string }[];
    expect(records.map((r) => [r.key, Buffer.from(r.value, 'hex').toString()])).toEqual([
      [Buffer.from('k1').toString('hex'), 'two\nlines'],
      ['', 'plain'],
    ]);
    const e = await failure(run('hand-csv', 'hand2.csv', 'key,value\nk1,"two\nlines"\nk2,"bad"x\n'));
    expect(e.message).toMatch(/^line 4: /);
  });

  it('detects gzip by its bytes and the format by the first line when the name says nothing', async () => {
    await cluster.createTopic('detect', 1, 1);
    const { gzipSync } = await import('node:zlib');
    const jsonl = gzipSync('{"value":"a"}\n{"value":{"base64":"/wA="}}\n');
    expect((await run('detect', 'upload-1', jsonl)).records).toBe(2);
    expect((await run('detect', 'upload-2', 'value,key\nb,k\n')).records).toBe(1);
    const values = ((await contents('detect')) as { value: string }[]).map((r) => r.value);
    expect(values).toEqual([Buffer.from('a').toString('hex'), 'ff00', Buffer.from('b').toString('hex')]);
    expect(gunzipSync(jsonl).toString()).toContain('base64');

    const damaged = Buffer.from(jsonl);
    damaged.fill(0x41, 12, 30);
    const error = await failure(run('detect', 'damaged.jsonl.gz', damaged));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(
      /^the file is not valid gzip \(.+\) \(0 records were written to "detect" before it\)$/,
    );
  });
});
