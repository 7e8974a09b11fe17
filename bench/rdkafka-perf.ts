/**
 * The librdkafka load generator (bench/broker-rdkafka-perf.c, see its header for the modes), built
 * with gcc against the system's librdkafka-dev, and a non-blocking way to run it. Shared by the
 * broker bench and the side-by-side bench against Apache Kafka.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const source = new URL('./broker-rdkafka-perf.c', import.meta.url).pathname;

/** Builds the load generator once per source version, outside the tree; null with a reason when it cannot. */
export function buildPerfTool(): { path: string } | { reason: string } {
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'brokerlab-bench');
  const path = join(dir, `rdkafka-perf-${hash}`);
  if (existsSync(path)) return { path };
  mkdirSync(dir, { recursive: true });
  const flags = spawnSync('pkg-config', ['--cflags', '--libs', 'rdkafka'], { encoding: 'utf8' });
  if (flags.status !== 0) return { reason: 'librdkafka-dev (pkg-config rdkafka) is not installed' };
  const gcc = spawnSync('gcc', ['-O2', '-o', path, source, ...flags.stdout.trim().split(/\s+/)], {
    encoding: 'utf8',
  });
  if (gcc.error || gcc.status !== 0)
    return { reason: `gcc could not build the load generator: ${gcc.stderr ?? gcc.error}` };
  return { path };
}

/** Runs the load generator without blocking this process's event loop (the cluster lives on it). */
export function perf(tool: string, args: readonly string[]): Promise<Record<string, number | string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 && !line.startsWith('{'))
        reject(new Error(`${args[0]} failed (${code}): ${err.trim()}`));
      else resolve(JSON.parse(line) as Record<string, number | string>);
    });
  });
}
