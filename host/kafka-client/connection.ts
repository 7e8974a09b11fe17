/**
 * One connection to one broker: requests go out as frames with increasing correlation ids and
 * may be pipelined; responses are matched back by correlation id (a broker answers a connection
 * in order, but the match does not rely on it).
 *
 * Failure rules (as Kafka's NetworkClient):
 * - the socket closing or erroring fails every request in flight with a retriable UNAVAILABLE
 *   error, and the connection is dead for good (the pool opens a new one);
 * - a request that outlives its timeout fails with TIMEOUT and closes the connection, since a
 *   broker that stopped answering one request will not answer the next ones either;
 * - an aborted request fails with CANCELLED at once; its response, if it comes, is dropped.
 *
 * A Produce with acks=0 gets no response: it resolves as soon as it is written.
 */
import type { Socket } from 'node:net';
import type { ApiModule } from '../../engine/protocol/api.js';
import { ApiKey, apiName } from '../../engine/protocol/api-keys.js';
import { ProtocolDecodeError } from '../../engine/protocol/decode-error.js';
import { ErrorCode } from '../../engine/protocol/errors.js';
import { decodeResponseFrame, encodeRequestFrame } from '../../engine/protocol/frame.js';
import { FrameSplitter } from '../../engine/protocol/frame-splitter.js';
import { ClientError, cancelled, formatDuration, timedOut, unavailable } from './errors.js';

/** Responses larger than this are refused (a Fetch answer is bounded by its maxBytes). */
const MAX_RESPONSE_BYTES = 512 * 1024 * 1024;

export interface SendOptions {
  readonly version: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** The broker sends no response (Produce with acks=0). */
  readonly noResponse?: boolean;
}

interface Pending {
  readonly api: ApiModule;
  readonly version: number;
  readonly resolve: (response: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  readonly cleanup: () => void;
}

/**
 * Decodes a response body. A broker that does not know the ApiVersions version asked answers
 * with a v0 body (KIP-511), whatever was asked: that one is read again as v0.
 */
function decodeResponse(api: ApiModule, version: number, frame: Buffer): unknown {
  if (api.apiKey !== ApiKey.ApiVersions || version === 0)
    return decodeResponseFrame(api, version, frame).response;
  let decoded: { errorCode: number } | undefined;
  try {
    decoded = decodeResponseFrame(api, version, frame).response as { errorCode: number };
  } catch {
    decoded = undefined;
  }
  if (decoded && decoded.errorCode !== ErrorCode.UNSUPPORTED_VERSION) return decoded;
  return decodeResponseFrame(api, 0, frame).response;
}

export class BrokerConnection {
  private nextCorrelationId = 1;
  private readonly inFlight = new Map<number, Pending>();
  private readonly splitter = new FrameSplitter(MAX_RESPONSE_BYTES);
  private readonly closeListeners = new Set<() => void>();
  private closedWith: ClientError | null = null;
  /** Whether the handshake (versions, authentication) completed: a close before that is worded as a likely security mismatch. */
  private handshakeDone = false;
  /** Responses received since the handshake: a close before the first is worded as a likely security mismatch too. */
  private answered = 0;
  /** When a request was last sent or answered, for idle sweeps. */
  lastUsed = Date.now();

  constructor(
    private readonly socket: Socket,
    /** `broker 1 (127.0.0.1:9092)` or `127.0.0.1:9092`, for messages. */
    readonly label: string,
    readonly clientId: string,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(unavailable(`connection to ${label} failed: ${error.message}`)));
    socket.on('close', () => this.fail(this.closedByBroker()));
  }

  get closed(): boolean {
    return this.closedWith !== null;
  }

  get pendingCount(): number {
    return this.inFlight.size;
  }

  /** Called once when the connection dies, whatever the reason. */
  onClose(listener: () => void): void {
    if (this.closedWith) listener();
    else this.closeListeners.add(listener);
  }

  /** Marks the connection as past its handshake (see `closedByBroker`). */
  markReady(): void {
    this.handshakeDone = true;
  }

  send<Request, Response>(
    api: ApiModule<Request, Response>,
    request: Request,
    options: SendOptions,
  ): Promise<Response> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (options.signal?.aborted) return Promise.reject(cancelled());
    const correlationId = this.nextCorrelationId;
    this.nextCorrelationId = this.nextCorrelationId === 0x7fffffff ? 1 : this.nextCorrelationId + 1;
    const chunks = encodeRequestFrame(
      api,
      { apiVersion: options.version, correlationId, clientId: this.clientId },
      request,
    );
    this.lastUsed = Date.now();
    this.socket.cork();
    for (const chunk of chunks) this.socket.write(chunk);
    this.socket.uncork();
    if (options.noResponse) return Promise.resolve(undefined as Response);

    return new Promise<Response>((resolve, reject) => {
      const what = `${apiName(api.apiKey)} v${options.version}`;
      const onAbort = (): void => {
        this.settle(correlationId);
        reject(cancelled());
      };
      const timer = setTimeout(() => {
        this.settle(correlationId);
        const error = timedOut(
          `${this.label} did not answer ${what} within ${formatDuration(options.timeoutMs)}`,
        );
        reject(error);
        this.close(unavailable(`connection to ${this.label} closed after a request timed out`));
      }, options.timeoutMs);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.inFlight.set(correlationId, {
        api: api as ApiModule,
        version: options.version,
        resolve: resolve as (response: unknown) => void,
        reject,
        timer,
        cleanup: () => options.signal?.removeEventListener('abort', onAbort),
      });
    });
  }

  /** Closes the socket; requests in flight fail with `reason`. */
  close(reason: ClientError = unavailable(`connection to ${this.label} closed`)): void {
    this.fail(reason);
    this.socket.destroy();
  }

  private settle(correlationId: number): Pending | undefined {
    const pending = this.inFlight.get(correlationId);
    if (!pending) return undefined;
    this.inFlight.delete(correlationId);
    clearTimeout(pending.timer);
    pending.cleanup();
    return pending;
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.splitter.push(chunk);
    } catch (error) {
      this.close(unavailable(`${this.label} sent a malformed frame: ${(error as Error).message}`));
      return;
    }
    for (const frame of frames) {
      if (frame.length < 4) {
        this.close(unavailable(`${this.label} sent a frame too short for a response header`));
        return;
      }
      const pending = this.settle(frame.readInt32BE(0));
      if (!pending) continue; // timed out or cancelled: dropped
      this.lastUsed = Date.now();
      if (this.handshakeDone) this.answered++;
      try {
        pending.resolve(decodeResponse(pending.api, pending.version, frame));
      } catch (error) {
        const detail = error instanceof ProtocolDecodeError ? error.message : String(error);
        pending.reject(
          new ClientError(
            'INTERNAL',
            `could not decode the ${apiName(pending.api.apiKey)} v${pending.version} response of ${this.label}: ${detail}`,
            false,
          ),
        );
      }
    }
  }

  private closedByBroker(): ClientError {
    if (this.handshakeDone && this.answered > 0) return unavailable(`${this.label} closed the connection`);
    const when = this.handshakeDone ? 'before answering its first request' : 'during the handshake';
    return unavailable(
      `${this.label} closed the connection ${when} (does the listener need TLS or SASL settings?)`,
      false,
    );
  }

  private fail(reason: ClientError): void {
    if (this.closedWith) return;
    this.closedWith = reason;
    for (const id of [...this.inFlight.keys()]) this.settle(id)?.reject(reason);
    for (const listener of this.closeListeners) listener();
    this.closeListeners.clear();
  }
}
