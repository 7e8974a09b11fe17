/**
 * A minimal Kafka wire client for broker tests: raw frames in, decoded responses out, matched by
 * correlation id, plus the connection's close. It speaks exactly what a test tells it to, bad
 * bytes included.
 */
import { connect, type Socket } from 'node:net';
import type { ApiModule, RequestOf, ResponseOf } from '../../../engine/protocol/api.js';
import { decodeResponseFrame, encodeRequestFrame } from '../../../engine/protocol/frame.js';
import { FrameSplitter } from '../../../engine/protocol/frame-splitter.js';

interface Expected {
  readonly api: ApiModule;
  readonly version: number;
  readonly resolve: (response: unknown) => void;
  readonly reject: (error: Error) => void;
}

export class WireClient {
  private readonly splitter = new FrameSplitter(1 << 30);
  private readonly expected = new Map<number, Expected>();
  private nextCorrelationId = 1;
  /** Correlation ids of responses in the order they arrived. */
  readonly arrivals: number[] = [];
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.splitter.push(chunk)) {
        const correlationId = frame.readInt32BE(0);
        this.arrivals.push(correlationId);
        const expected = this.expected.get(correlationId);
        if (expected === undefined) continue;
        this.expected.delete(correlationId);
        try {
          expected.resolve(decodeResponseFrame(expected.api, expected.version, frame).response);
        } catch (error) {
          expected.reject(error as Error);
        }
      }
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => {
      for (const e of this.expected.values()) e.reject(new Error('connection closed'));
      this.expected.clear();
    });
    socket.on('error', () => {});
  }

  /** `localAddress` picks the client's source address (any 127.x.y.z is loopback on Linux). */
  static connect(port: number, host = '127.0.0.1', localAddress?: string): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, localAddress }, () => resolve(new WireClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a request and waits for its response. */
  send<M extends ApiModule>(
    api: M,
    version: number,
    request: RequestOf<M>,
    clientId = 'wire-test',
  ): Promise<ResponseOf<M>> {
    return this.sendWith(api, version, request, { clientId }).response;
  }

  /** Sends a request; returns its correlation id and the promise of its response. */
  sendWith<M extends ApiModule>(
    api: M,
    version: number,
    request: RequestOf<M>,
    options: { clientId?: string; correlationId?: number; expectResponse?: boolean } = {},
  ): { correlationId: number; response: Promise<ResponseOf<M>> } {
    const correlationId = options.correlationId ?? this.nextCorrelationId++;
    const response = new Promise<ResponseOf<M>>((resolve, reject) => {
      if (options.expectResponse !== false) {
        this.expected.set(correlationId, { api, version, resolve: resolve as (r: unknown) => void, reject });
      }
    });
    response.catch(() => {});
    this.write(frameOf(api, version, request, correlationId, options.clientId ?? 'wire-test'));
    return { correlationId, response };
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): Promise<void> {
    this.socket.end();
    return this.closed;
  }
}

/** A request as one size-prefixed frame. */
export function frameOf<M extends ApiModule>(
  api: M,
  version: number,
  request: RequestOf<M>,
  correlationId: number,
  clientId: string | null = 'wire-test',
): Buffer {
  return Buffer.concat(encodeRequestFrame(api, { apiVersion: version, correlationId, clientId }, request));
}

/** Resolves when `predicate` holds, checking after every event-loop turn; fails after `ms`. */
export async function until(predicate: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
