/**
 * Starts and stops the Apache Kafka peer: 1 or 3 KRaft nodes (combined broker + controller) on
 * free loopback ports, each with its own data folder under os.tmpdir() formatted by StorageTool.
 *
 * Every node's JVM runs under a small sh wrapper that prints the JVM's pid and then blocks reading
 * its stdin; when the stdin pipe closes — on stop(), or because the test process died in any way —
 * the wrapper sends SIGTERM to the JVM and waits for it. So no broker outlives its test process,
 * and an exit hook SIGKILLs whatever process group is still there on a normal exit.
 *
 * Ready means: every node answers a Metadata request on its INTERNAL listener listing all nodes
 * as registered, unfenced brokers (see probe.ts). Nothing waits a fixed time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../ports.js';
import { runOk, tail } from '../process.js';
import { serverProperties, type NodeLayout } from './config.js';
import { brokerJvmFlags, requireKafkaClasspath, toolJvmFlags, type JvmProfile } from './jvm.js';
import { probeMetadata } from './probe.js';
import {
  clientListenerProperties,
  makeServerKeystore,
  makeTlsMaterial,
  scramFormatArguments,
  securityProtocol,
  type ClientListenerSecurity,
  type SecurityProtocol,
  type TlsMaterial,
} from './security.js';

export interface KafkaPeerOptions {
  readonly nodes?: 1 | 3;
  readonly security?: ClientListenerSecurity;
  /**
   * More client listeners beside CLIENT, by name (upper case, e.g. `SASL`, `SSL`), each with its
   * own security; all TLS listeners share one CA and server certificate.
   */
  readonly listeners?: Readonly<Record<string, ClientListenerSecurity>>;
  /** Extra or overriding server.properties entries, the same on every node. */
  readonly brokerConfig?: Record<string, string>;
  /** Ports for the CLIENT listeners (default: free ports). */
  readonly clientPorts?: readonly number[];
  /** Ports advertised for the CLIENT listeners, e.g. a recording proxy's (default: clientPorts). */
  readonly advertisedClientPorts?: readonly number[];
  readonly heapMb?: number;
  /** JVM flags of the brokers: `test` (default) starts fast and small, `release` is Kafka's own. */
  readonly jvm?: JvmProfile;
  readonly readyTimeoutMs?: number;
}

export interface KafkaNode extends NodeLayout {
  /** The broker JVM's pid while it runs. */
  readonly pid: number | undefined;
  readonly logFile: string;
  /** SIGKILLs the JVM (a crash) and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts a killed node again on the same data and ports; resolves once it is registered. */
  restart(timeoutMs?: number): Promise<void>;
}

export interface KafkaPeer {
  /** CLIENT listeners as advertised, `127.0.0.1:port,...`. */
  readonly bootstrap: string;
  readonly nodes: readonly KafkaNode[];
  readonly clusterId: string;
  readonly version: string;
  readonly securityProtocol: SecurityProtocol;
  /** The extra listeners by name: their bootstrap and security protocol. */
  readonly listeners: Readonly<
    Record<string, { readonly bootstrap: string; readonly securityProtocol: SecurityProtocol }>
  >;
  readonly tls: TlsMaterial | undefined;
  /** Milliseconds from start to ready (formatting included). */
  readonly startMs: number;
  stop(): Promise<void>;
}

const livePeers = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of livePeers) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

// Prints the JVM's pid, then waits for stdin to close; then stops the JVM and exits with its code.
const wrapper =
  'java "$@" >>"$KAFKA_PEER_LOG" 2>&1 & child=$!; echo "$child"; read _ignored; kill "$child" 2>/dev/null; wait "$child"';

class RunningNode implements KafkaNode {
  readonly nodeId: number;
  readonly clientPort: number;
  readonly advertisedClientPort: number;
  readonly internalPort: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  readonly logFile: string;
  pid: number | undefined;
  private exited!: Promise<void>;
  private child!: ChildProcess;

  constructor(
    layout: NodeLayout,
    logFile: string,
    private readonly args: readonly string[],
  ) {
    this.nodeId = layout.nodeId;
    this.clientPort = layout.clientPort;
    this.advertisedClientPort = layout.advertisedClientPort;
    this.internalPort = layout.internalPort;
    this.controllerPort = layout.controllerPort;
    this.dataDir = layout.dataDir;
    this.logFile = logFile;
    this.launch();
  }

  private launch(): void {
    const child = spawn('/bin/sh', ['-c', wrapper, 'sh', ...this.args], {
      detached: true,
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, LC_ALL: 'C', KAFKA_PEER_LOG: this.logFile },
    });
    this.child = child;
    livePeers.add(child);
    child.stdout?.once('data', (chunk: Buffer) => {
      this.pid = Number(chunk.toString().trim());
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        livePeers.delete(child);
        this.pid = undefined;
        resolve();
      }),
    );
  }

  get running(): boolean {
    return livePeers.has(this.child);
  }

  async kill(): Promise<void> {
    if (this.pid !== undefined) process.kill(this.pid, 'SIGKILL');
    this.child.stdin?.end();
    await this.exited;
  }

  async restart(timeoutMs = 90_000): Promise<void> {
    if (this.running) throw new Error(`Kafka node ${this.nodeId} is still running`);
    this.launch();
    await waitReady([this], timeoutMs, 'self');
  }

  /** Graceful stop: SIGTERM through the wrapper, SIGKILL after graceMs. */
  async stop(graceMs: number): Promise<void> {
    this.child.stdin?.end();
    const timer = setTimeout(() => killGroup(this.child, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * Waits until every node answers Metadata listing all of them (`cluster`), or, for a node that
 * came back, only itself among the others (`self`).
 */
async function waitReady(
  nodes: readonly RunningNode[],
  timeoutMs: number,
  expect: 'cluster' | 'self' = 'cluster',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = nodes.find((n) => !n.running);
    if (dead) {
      throw new Error(
        `Kafka node ${dead.nodeId} exited during start:\n${tail(readFileSync(dead.logFile, 'utf8'))}`,
      );
    }
    const answers = await Promise.all(
      nodes.map((n) => probeMetadata('127.0.0.1', n.internalPort, 1_000).catch(() => undefined)),
    );
    const ready = answers.every(
      (a, i) =>
        a !== undefined &&
        (expect === 'cluster'
          ? a.brokers.length === nodes.length
          : a.brokers.some((b) => b.nodeId === nodes[i]!.nodeId)),
    );
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`Kafka was not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A random Kafka Uuid in base64url; like Kafka, never one starting with '-' (a CLI flag). */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export async function startKafka(options: KafkaPeerOptions = {}): Promise<KafkaPeer> {
  const started = performance.now();
  const { classpath, version } = requireKafkaClasspath();
  const count = options.nodes ?? 1;
  const dir = mkdtempSync(join(tmpdir(), 'brokerlab-kafka-peer-'));
  const more = Object.entries(options.listeners ?? {});
  const anyTls = options.security?.tls || more.some(([, security]) => security.tls);
  const tls = anyTls ? await makeTlsMaterial(join(dir, 'tls')) : undefined;
  const perNode = 3 + more.length;
  const ports = await freePorts(count * perNode);
  const layouts: NodeLayout[] = Array.from({ length: count }, (_, i) => {
    const clientPort = options.clientPorts?.[i] ?? ports[i * perNode]!;
    return {
      nodeId: i + 1,
      clientPort,
      advertisedClientPort: options.advertisedClientPorts?.[i] ?? clientPort,
      internalPort: ports[i * perNode + 1]!,
      controllerPort: ports[i * perNode + 2]!,
      dataDir: join(dir, `node-${i + 1}`, 'data'),
      extraListeners: more.map(([name, security], j) => ({
        name,
        port: ports[i * perNode + 3 + j]!,
        protocol: securityProtocol(security),
      })),
    };
  });
  const keystores = await Promise.all(
    more.map(([, security]) =>
      tls && security.certificateHost ? makeServerKeystore(tls, security.certificateHost) : tls?.serverP12,
    ),
  );
  const extra = {
    ...clientListenerProperties(options.security, tls),
    ...Object.assign(
      {},
      ...more.map(([name, security], i) => clientListenerProperties(security, tls, name, keystores[i])),
    ),
    ...options.brokerConfig,
  };
  const clusterId = newClusterId();
  const propertyFiles = layouts.map((layout) => {
    mkdirSync(layout.dataDir, { recursive: true });
    const file = join(dir, `node-${layout.nodeId}`, 'server.properties');
    writeFileSync(file, serverProperties(layout, layouts, options.security, extra));
    return file;
  });
  await Promise.all(
    propertyFiles.map((file) =>
      runOk(
        'java',
        [
          ...toolJvmFlags(),
          '-cp',
          classpath,
          'kafka.tools.StorageTool',
          'format',
          '-t',
          clusterId,
          '-c',
          file,
          ...scramFormatArguments([options.security, ...more.map(([, security]) => security)]),
        ],
        { timeoutMs: 60_000 },
      ),
    ),
  );
  const nodes = layouts.map(
    (layout, i) =>
      new RunningNode(layout, join(dir, `node-${layout.nodeId}`, 'kafka.log'), [
        ...brokerJvmFlags(options.heapMb ?? 256, options.jvm),
        '-cp',
        classpath,
        'kafka.Kafka',
        propertyFiles[i]!,
      ]),
  );
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop(8_000)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(nodes, options.readyTimeoutMs ?? 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    bootstrap: layouts.map((l) => `127.0.0.1:${l.advertisedClientPort}`).join(','),
    nodes,
    clusterId,
    version,
    securityProtocol: securityProtocol(options.security),
    listeners: Object.fromEntries(
      more.map(([name, security]) => [
        name,
        {
          bootstrap: layouts
            .map((l) => `127.0.0.1:${l.extraListeners!.find((x) => x.name === name)!.port}`)
            .join(','),
          securityProtocol: securityProtocol(security),
        },
      ]),
    ),
    tls,
    startMs: performance.now() - started,
    stop,
  };
}
