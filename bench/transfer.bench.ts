/**
 * Export and import rates (`npm run bench transfer`), the way `brokerlab export` and
 * `brokerlab import` run them: the embedded cluster (3 brokers) in its worker thread, the export
 * or import on this thread over the wire client, a 3-partition topic of 500k records with
 * ~250-byte JSON values and a header. The export is run once to warm the page cache, then
 * measured; the import reads the exported file back into a new topic (acks=all, idempotent).
 *
 * Goals (issue 8): export ≥ 150 MB/s of JSON Lines from page cache; import ≥ 100k records/s.
 * Peak memory is sampled at every progress report (resident size and heap).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportTopic } from '../host/console/export/export-topic.js';
import { JsonLinesEncoder } from '../host/console/export/jsonl-encoder.js';
import { importFile } from '../host/console/import/import-topic.js';
import { startEmbeddedHost } from '../host/control/embedded-host.js';
import { KafkaClient } from '../host/kafka-client/client.js';
import { Producer } from '../host/kafka-client/producer.js';
import type { TaskReport } from '../host/worker/implementation.js';
import { freeBasePort } from './ports.js';

const RECORDS = 500_000;
const never = new AbortController().signal;

/** A report that samples this process's memory at each progress step. */
function memoryProbe(): TaskReport & { peakRss: number; peakHeap: number } {
  const probe = {
    peakRss: 0,
    peakHeap: 0,
    progress() {
      const m = process.memoryUsage();
      probe.peakRss = Math.max(probe.peakRss, m.rss);
      probe.peakHeap = Math.max(probe.peakHeap, m.heapUsed + m.arrayBuffers);
    },
  };
  return probe;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/** JSON Lines encoding alone, in memory: the CPU ceiling of an export, apart from reading. */
function encodingAlone(value: Buffer): void {
  const records = Array.from({ length: 5_000 }, (_, i) => ({
    offset: i,
    timestamp: 1_700_000_000_000 + i,
    key: Buffer.from(`customer-${i}`),
    value,
    headers: [{ key: 'trace-id', value: Buffer.from(`t-${i}`) }],
  }));
  const encoder = new JsonLinesEncoder('orders');
  let bytes = 0;
  const t = performance.now();
  for (let round = 0; round < 100; round++)
    for (const chunk of encoder.encode([{ partition: 0, records }])) bytes += chunk.length;
  const seconds = (performance.now() - t) / 1000;
  console.log(
    `JSON Lines encoding alone: ${mb(bytes / seconds)} MB/s, ${Math.round(500_000 / seconds)} records/s`,
  );
}

const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-bench-transfer-'));
const host = startEmbeddedHost({ dataDir, brokers: 3, host: '127.0.0.1', basePort: await freeBasePort(3) });
try {
  const { bootstrap } = await host.ready;
  await host.service.call('topics.create', { name: 'orders', partitions: 3, replicationFactor: 3 });
  await host.service.call('topics.create', { name: 'orders-copy', partitions: 3, replicationFactor: 3 });
  const client = new KafkaClient({ bootstrap, clientId: 'bench-transfer' });
  const producer = new Producer(client, { acks: -1 });
  for (let sent = 0; sent < RECORDS; sent += 5_000) {
    await producer.send(
      'orders',
      Array.from({ length: 5_000 }, (_, i) => {
        const n = sent + i;
        return {
          key: Buffer.from(`customer-${n % 10_000}`),
          value: Buffer.from(
            JSON.stringify({
              id: n,
              customer: `customer-${n % 10_000}`,
              items: [{ sku: `SKU-${n % 977}`, qty: (n % 5) + 1, price: (n % 10_000) / 100 }],
              note: 'x'.repeat(120),
              status: n % 3 === 0 ? 'new' : 'paid',
            }),
          ),
          headers: [{ key: 'trace-id', value: Buffer.from(`t-${n}`) }],
        };
      }),
    );
  }

  encodingAlone(
    Buffer.from(
      JSON.stringify({
        id: 1,
        customer: 'customer-1',
        items: [{ sku: 'SKU-1', qty: 2, price: 1.5 }],
        note: 'x'.repeat(120),
      }),
    ),
  );
  const file = join(dataDir, 'orders.jsonl');
  const input = {
    topic: 'orders',
    start: { from: 'oldest' as const },
    end: { to: 'now' as const },
    format: 'jsonl' as const,
    gzip: false,
    path: file,
    fileName: 'orders.jsonl',
  };
  await exportTopic(client, input, { progress: () => {} }, never); // warms the page cache
  const exportProbe = memoryProbe();
  const t0 = performance.now();
  const exported = await exportTopic(client, input, exportProbe, never);
  const exportSeconds = (performance.now() - t0) / 1000;
  console.log(
    `export JSON Lines: ${mb(exported.bytes / exportSeconds)} MB/s written, ` +
      `${Math.round(exported.records / exportSeconds)} records/s ` +
      `(${exported.records} records, ${mb(exported.bytes)} MB in ${exportSeconds.toFixed(2)} s)   (goal ≥ 150 MB/s)`,
  );
  console.log(
    `export peak memory: RSS ${mb(exportProbe.peakRss)} MB, heap + buffers ${mb(exportProbe.peakHeap)} MB`,
  );

  const gz = { ...input, gzip: true, path: `${file}.gz`, fileName: 'orders.jsonl.gz' };
  const t1 = performance.now();
  const gzipped = await exportTopic(client, gz, { progress: () => {} }, never);
  const gzSeconds = (performance.now() - t1) / 1000;
  console.log(
    `export JSON Lines + gzip: ${Math.round(gzipped.records / gzSeconds)} records/s, ` +
      `${mb(exported.bytes / gzSeconds)} MB/s of JSON (${mb(gzipped.bytes)} MB on disk)`,
  );

  const importProbe = memoryProbe();
  const t2 = performance.now();
  const imported = await importFile(
    client,
    {
      topic: 'orders-copy',
      keepPartitions: true,
      keepTimestamps: true,
      path: file,
      fileName: 'orders.jsonl',
    },
    importProbe,
    never,
  );
  const importSeconds = (performance.now() - t2) / 1000;
  console.log(
    `import JSON Lines (acks=all, RF=3): ${Math.round(imported.records / importSeconds)} records/s, ` +
      `${mb(statSync(file).size / importSeconds)} MB/s read (${imported.records} records in ${importSeconds.toFixed(2)} s)   (goal ≥ 100k records/s)`,
  );
  console.log(
    `import peak memory: RSS ${mb(importProbe.peakRss)} MB, heap + buffers ${mb(importProbe.peakHeap)} MB`,
  );
  await client.close();
} finally {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
