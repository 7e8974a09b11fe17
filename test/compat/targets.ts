/**
 * The two clusters every scenario runs against, each with three brokers: Apache Kafka (the peer)
 * and Brokerlab, started the way a user starts it:
 *
 *   node bin/brokerlab.js cluster --brokers 3 --port BASE --data-dir DIR
 *
 * which prints `brokerlab ready bootstrap=HOST:PORT,... control=URL` once every broker listens,
 * and stops on SIGTERM with exit code 0. Whether that command exists is found out at run time
 * (`cluster --help` must describe --brokers); until it does, the Brokerlab half of the suite
 * skips with that reason. Both clusters run with auto.create.topics.enable=false, which the
 * errors scenario relies on (Brokerlab gets `--config auto.create.topics.enable=false` when its
 * `cluster --help` lists --config). A cluster that exits at start because a module of its own is
 * missing from the build (ERR_MODULE_NOT_FOUND) counts as not built yet too; any other failure to
 * start is a failure.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../peers/cache.js';
import { kafkaClasspath, type JvmProfile } from '../peers/kafka/jvm.js';
import { startKafka } from '../peers/kafka/start.js';
import { freePortRun } from '../peers/ports.js';
import { run, runOk, tail } from '../peers/process.js';
import type { PeerEntry } from '../peers/cache.js';

export type TargetName = 'apache-kafka' | 'brokerlab';

export interface Target {
  readonly name: TargetName;
  readonly bootstrap: string;
  readonly version: string;
  /** Milliseconds from launch to ready. */
  readonly startMs: number;
  /** The processes the cluster runs in (for its memory). */
  pids(): number[];
  /** Crashes one broker (by node id) the way the target's own tooling does. */
  killBroker(brokerId: number): Promise<void>;
  /** Starts a killed broker again; resolves once it is back in the cluster. */
  restartBroker(brokerId: number): Promise<void>;
  stop(): Promise<void>;
}

export const targetLabels: Record<TargetName, string> = {
  'apache-kafka': 'Apache Kafka',
  brokerlab: 'Brokerlab',
};

export function apacheKafkaAvailability(): PeerEntry<{ version: string }> {
  return kafkaClasspath();
}

export async function startApacheKafka(jvm: JvmProfile = 'test'): Promise<Target> {
  const peer = await startKafka({ nodes: 3, jvm, brokerConfig: { 'auto.create.topics.enable': 'false' } });
  return {
    name: 'apache-kafka',
    bootstrap: peer.bootstrap,
    version: `Apache Kafka ${peer.version}`,
    startMs: peer.startMs,
    pids: () => peer.nodes.flatMap((n) => (n.pid === undefined ? [] : [n.pid])),
    async killBroker(brokerId) {
      const node = peer.nodes.find((n) => n.nodeId === brokerId);
      if (!node) throw new Error(`no Kafka node ${brokerId}`);
      await node.kill();
    },
    async restartBroker(brokerId) {
      const node = peer.nodes.find((n) => n.nodeId === brokerId);
      if (!node) throw new Error(`no Kafka node ${brokerId}`);
      await node.restart();
    },
    stop: peer.stop,
  };
}

const brokerlabBin = join(repoRoot, 'bin/brokerlab.js');

export async function brokerlabAvailability(): Promise<
  PeerEntry<{ version: string; acceptsConfig: boolean }>
> {
  const help = await run(process.execPath, [brokerlabBin, 'cluster', '--help'], { timeoutMs: 30_000 });
  const text = help.stdout + help.stderr;
  if (help.code !== 0 || !text.includes('--brokers')) {
    return { ok: false, reason: notBuiltYet };
  }
  const version = await run(process.execPath, [brokerlabBin, '--version'], { timeoutMs: 30_000 });
  return {
    ok: true,
    version: `Brokerlab ${version.code === 0 ? version.stdout.trim() : '(version unknown)'}`,
    acceptsConfig: text.includes('--config'),
  };
}

export const notBuiltYet = 'the brokerlab cluster command is not built yet';

/** Starts Brokerlab when its cluster command is built; says why not when it is not. */
export async function startBrokerlabIfBuilt(): Promise<PeerEntry<{ target: Target }>> {
  const available = await brokerlabAvailability();
  if (!available.ok) return available;
  try {
    return { ok: true, target: await startBrokerlab(available.acceptsConfig, available.version) };
  } catch (error) {
    const message = (error as Error).message;
    const missing = /Cannot find module '([^']+)'/.exec(message);
    if (missing)
      return { ok: false, reason: `${notBuiltYet} (${missing[1]!.replace(repoRoot, '')} is missing)` };
    throw error;
  }
}

/** A process and all its descendants, found through /proc. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

export async function startBrokerlab(acceptsConfig: boolean, version: string): Promise<Target> {
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-compat-'));
  const port = await freePortRun(3);
  const args = [brokerlabBin, 'cluster', '--brokers', '3', '--port', `${port}`, '--data-dir', dataDir];
  if (acceptsConfig) args.push('--config', 'auto.create.topics.enable=false');
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const bootstrap = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`brokerlab cluster not ready in 60 s:\n${tail(output)}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /^brokerlab ready bootstrap=(\S+) control=(\S+)/m.exec(output);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`brokerlab cluster exited ${code} before ready:\n${tail(output)}`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const startMs = performance.now() - started;
  return {
    name: 'brokerlab',
    bootstrap,
    version,
    startMs,
    pids: () => (child.pid === undefined ? [] : processTree(child.pid)),
    async killBroker(brokerId) {
      await runOk(process.execPath, [brokerlabBin, 'broker', 'kill', `${brokerId}`, '--data-dir', dataDir]);
    },
    async restartBroker(brokerId) {
      await runOk(process.execPath, [brokerlabBin, 'broker', 'start', `${brokerId}`, '--data-dir', dataDir]);
    },
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      process.off('exit', killOnExit);
      rmSync(dataDir, { recursive: true, force: true });
      if (code !== 0) throw new Error(`brokerlab cluster exited ${code} on SIGTERM:\n${tail(output)}`);
    },
  };
}
