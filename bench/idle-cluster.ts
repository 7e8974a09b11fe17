/**
 * Child of cluster.bench.ts: starts a 3-broker cluster with its client listeners in a fresh
 * process, lets it idle (heartbeats, replica fetch long-polls, quorum fetches), and prints one
 * JSON line with the resident memory before the engine was loaded and while it idles.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const IDLE_MS = 3000;
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

collect();
const baselineRss = process.memoryUsage().rss;
// Imported only now, so the baseline is node and tsx alone.
const { listenerFactory } = await import('../engine/broker/listener.js');
const { silentLogger } = await import('../engine/broker/logger.js');
const { startCluster } = await import('../engine/cluster/cluster.js');
const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-bench-idle-'));
const cluster = await startCluster({
  dataDir,
  brokers: 3,
  listener: listenerFactory({ logger: silentLogger }),
});
await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
collect();
const usage = process.memoryUsage();
await cluster.stop();
rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify({ baselineRss, idleRss: usage.rss, heapUsed: usage.heapUsed }));
