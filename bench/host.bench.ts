/**
 * The host stays responsive under load (`npm run bench host`): the embedded cluster runs in its
 * worker thread while kcat (librdkafka) produces ~50 MB/s of 1 KB records with acks=all to a
 * 3-partition RF=3 topic; the host's main thread — where the console service, the web host and
 * the IPC loop live — is measured meanwhile: its event-loop delay, and the latency of API calls
 * that cross to the worker (cluster.snapshot ten times a second, topics.list once a second).
 *
 * Goal (issue 6): host event-loop delay p99 ≤ 20 ms at 50 MB/s of produce.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startEmbeddedHost } from '../host/control/embedded-host.js';
import { freeBasePort } from './ports.js';

const TARGET_MB_PER_S = 50;
const RECORD_BYTES = 1000;
const WARMUP_MS = 3_000;
const MEASURE_MS = 10_000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** A shell pipeline: a tiny rate-limited line generator feeding kcat. Neither runs in this process. */
function startLoad(bootstrap: string, topic: string) {
  const generator = `
    const line = Buffer.alloc(${RECORD_BYTES}, 'x'); line[line.length - 1] = 10;
    const perTick = Math.round(${TARGET_MB_PER_S * 1e6} / ${RECORD_BYTES} / 50);
    const chunk = Buffer.concat(Array.from({ length: perTick }, () => line));
    let due = Date.now();
    const tick = () => { due += 20; if (process.stdout.write(chunk)) setTimeout(tick, Math.max(0, due - Date.now())); else process.stdout.once('drain', tick); };
    process.stdout.on('error', () => process.exit(0));
    tick();`;
  const kcat = [
    'kcat -P -q',
    `-b ${bootstrap}`,
    `-t ${topic}`,
    '-X acks=all -X linger.ms=5 -X batch.num.messages=10000 -X queue.buffering.max.kbytes=262144',
  ].join(' ');
  return spawn('sh', ['-c', `"$NODE" -e "$GENERATOR" | ${kcat}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
    env: { ...process.env, NODE: process.execPath, GENERATOR: generator },
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-bench-host-'));
const host = startEmbeddedHost({ dataDir, brokers: 3, host: '127.0.0.1', basePort: await freeBasePort(3) });
try {
  const { bootstrap } = await host.ready;
  const service = host.service;
  await service.call('topics.create', { name: 'load', partitions: 3, replicationFactor: 3 });
  const load = startLoad(bootstrap, 'load');
  const highWatermarks = async () =>
    (await service.call('cluster.snapshot', {})).partitions
      .filter((p) => p.topic === 'load')
      .reduce((sum, p) => sum + (p.highWatermark ?? 0), 0);

  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const snapshotMs: number[] = [];
  const listMs: number[] = [];
  const startRecords = await highWatermarks();
  const started = performance.now();
  delay.enable();
  let ticks = 0;
  while (performance.now() - started < MEASURE_MS) {
    const t0 = performance.now();
    await service.call('cluster.snapshot', {});
    snapshotMs.push(performance.now() - t0);
    if (++ticks % 10 === 0) {
      const t1 = performance.now();
      await service.call('topics.list', {});
      listMs.push(performance.now() - t1);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  delay.disable();
  const seconds = (performance.now() - started) / 1000;
  const produced = (await highWatermarks()) - startRecords;
  const loadAlive = load.exitCode === null;
  if (loadAlive) process.kill(-load.pid!, 'SIGTERM');

  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  console.log(
    `produce rate (acks=all, RF=3): ${((produced * RECORD_BYTES) / seconds / 1e6).toFixed(1)} MB/s, ${Math.round(produced / seconds)} records/s   (target ${TARGET_MB_PER_S} MB/s)`,
  );
  console.log(
    `host event-loop delay: p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms   (goal p99 ≤ 20 ms)`,
  );
  console.log(
    `cluster.snapshot latency: p50 ${percentile(snapshotMs, 50).toFixed(1)} ms, p99 ${percentile(snapshotMs, 99).toFixed(1)} ms (${snapshotMs.length} calls)`,
  );
  console.log(
    `topics.list latency: p50 ${percentile(listMs, 50).toFixed(1)} ms, max ${Math.max(...listMs).toFixed(1)} ms (${listMs.length} calls)`,
  );
} finally {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
