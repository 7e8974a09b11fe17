/**
 * A well-behaved client on its own connection that keeps asking the broker for metadata while the
 * fuzzer runs: every answer must come, and none may take longer than `stallMs` (one bad
 * connection must not hold up the others).
 */
import * as metadata from '../../../engine/protocol/apis/metadata.js';
import { WireClient } from '../../engine/broker/wire.js';
import { pause } from '../workload.js';

export class Bystander {
  requests = 0;
  maxMs = 0;
  /** Answers that took longer than a second. */
  slow = 0;
  readonly stalls: string[] = [];
  private stopped = false;
  private readonly done: Promise<void>;

  private constructor(
    private readonly client: WireClient,
    private readonly stallMs: number,
  ) {
    this.done = this.run();
  }

  static async start(port: number, stallMs = 5000): Promise<Bystander> {
    return new Bystander(await WireClient.connect(port), stallMs);
  }

  /** One metadata round trip; throws when it fails or stalls. */
  async ask(): Promise<string[]> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const answer = await Promise.race([
      this.client.send(metadata, 12, {
        topics: null,
        allowAutoTopicCreation: false,
        includeClusterAuthorizedOperations: false,
        includeTopicAuthorizedOperations: false,
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no metadata answer within ${this.stallMs} ms`)),
          this.stallMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    this.requests++;
    const ms = Date.now() - started;
    this.maxMs = Math.max(this.maxMs, ms);
    if (ms > 1000) this.slow++;
    return answer.topics.map((t) => t.name ?? '');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
    this.client.socket.destroy();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.ask();
      } catch (err) {
        this.stalls.push(`${(err as Error).message} (at ${new Date().toISOString()})`);
        if (this.client.socket.destroyed) return;
      }
      await pause(100);
    }
  }
}
