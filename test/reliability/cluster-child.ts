/** Starts, kills and restarts cluster-process.ts as a child process (see there). */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./cluster-process.ts', import.meta.url));

export interface ChildMessage {
  readonly type: 'ready' | 'memory' | 'bug' | 'warn';
  readonly usage?: NodeJS.MemoryUsage;
  readonly message?: string;
}

export class ClusterChild {
  /** Messages the brokers logged as bugs. */
  readonly bugs: string[] = [];
  /** The last ten warnings the brokers logged (when started with `warnings`). */
  readonly warnings: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly stderr: string[] = [];

  private constructor(private readonly child: ChildProcess) {
    child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'bug') this.bugs.push(m.message ?? '');
      if (m.type === 'warn') {
        this.warnings.push(m.message ?? '');
        if (this.warnings.length > 10) this.warnings.shift();
      }
    });
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** What the process wrote to stderr (why it crashed, if it did). */
  get errorOutput(): string {
    return this.stderr.join('').slice(-4000);
  }

  static async start(options: {
    dataDir: string;
    basePort: number;
    brokers?: number;
    seed?: number;
    timeoutMs?: number;
    /** Have the brokers' warnings sent over (a fuzzer's thousands of closes would only cost time). */
    warnings?: boolean;
  }): Promise<ClusterChild> {
    const args = ['--expose-gc', '--import', 'tsx', script, '--data-dir', options.dataDir];
    args.push('--base-port', String(options.basePort), '--brokers', String(options.brokers ?? 3));
    args.push('--seed', String(options.seed ?? 1), ...(options.warnings ? ['--warnings'] : []));
    const child = new ClusterChild(
      spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }),
    );
    const timeoutMs = options.timeoutMs ?? 60_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`cluster not ready in ${timeoutMs} ms`)), timeoutMs);
      child.child.on('message', (m: ChildMessage) => {
        if (m.type !== 'ready') return;
        clearTimeout(timer);
        resolve();
      });
      void child.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`cluster process exited (${code ?? signal}) before ready: ${child.errorOutput}`));
      });
    });
    return child;
  }

  /** The whole cluster dies at once, as on a power cut of the process (the page cache survives). */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.send('stop');
    await this.exited;
  }

  memory(): Promise<NodeJS.MemoryUsage> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: ChildMessage) => {
        if (m.type !== 'memory' || m.usage === undefined) return;
        this.child.off('message', onMessage);
        resolve(m.usage);
      };
      this.child.on('message', onMessage);
      if (!this.child.send('memory')) reject(new Error('cluster process is gone'));
    });
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}
