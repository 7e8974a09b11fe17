/**
 * One client connection: bytes in, frames split (frame-splitter.ts), request headers and bodies
 * decoded (registry.ts), requests dispatched to their handlers, responses written back.
 *
 * Ordering: a client matches responses to requests by correlation id but Kafka promises them in
 * request order on each connection, and clients rely on it. Requests are handed to their handlers
 * in arrival order (so produce appends keep their order, see ReplicaManager.appendRecords) and may
 * finish out of order (a long-poll fetch waits while a metadata request is answered); each
 * response waits in `pending` until every earlier one has been written.
 *
 * Writing: a response is a list of chunks (header and fields, then record-set slices of segment
 * files as they were read); the chunks of all responses ready at once are written between
 * cork/uncork, which Node turns into one writev, so record data is never copied.
 *
 * Limits (listener-config.ts), enforced by not reading, as Kafka mutes a channel:
 * - at most maxInFlightRequestsPerConnection requests dispatched and not yet answered; frames
 *   already received past that wait in `backlog`;
 * - nothing is read while the broker's MemoryPool is exhausted or while the socket's write
 *   buffer is full (until 'drain');
 * - a frame over socket.request.max.bytes closes the connection before it is buffered.
 *
 * Errors: a malformed request, an unknown API key, or an unsupported version of any API but
 * ApiVersions closes the connection, as Kafka does, after logging it once with API key, version,
 * correlation id and client id, and after answering the requests received before it. An unsupported ApiVersions version is answered with a v0
 * response carrying UNSUPPORTED_VERSION and ApiVersions' own range, so the client retries lower
 * (KIP-511). A produce request with acks=0 gets no response; if any partition failed the
 * connection is closed so that the producer refreshes its metadata (Kafka's rule).
 *
 * Isolation (a network partition between clients and this broker): nothing is read and nothing
 * is written until healed; responses that complete meanwhile are held and go out on heal.
 *
 * Authentication: on a SASL listener every frame first passes the connection's SaslAuthenticator
 * (sasl/authenticator.ts), which answers the handshake itself and lets requests through only once
 * the client has authenticated. A refusal is written before the connection closes, so the client
 * can tell the user why.
 */
import type { Socket } from 'node:net';
import type { ApiModule } from '../protocol/api.js';
import { ApiKey, apiName } from '../protocol/api-keys.js';
import * as apiVersions from '../protocol/apis/api-versions.js';
import type { ProduceRequest, ProduceResponse } from '../protocol/apis/produce.js';
import { ProtocolDecodeError } from '../protocol/decode-error.js';
import { ErrorCode } from '../protocol/errors.js';
import { FrameSizeError, FrameSplitter } from '../protocol/frame-splitter.js';
import { encodeResponseFrame, readRequestHeaderPrefix, type RequestHeader } from '../protocol/frame.js';
import { Reader } from '../protocol/reader.js';
import {
  decodeRequestFrame,
  describeRequest,
  servedMaxVersion,
  type DecodedRequest,
} from '../protocol/registry.js';
import { handleRequest, servesApi } from './dispatch.js';
import type { ListenerConfig } from './listener-config.js';
import type { BrokerLogger } from './logger.js';
import type { MemoryPool } from './memory-pool.js';
import { SaslAuthenticator, type SaslDecision } from './sasl/authenticator.js';
import type { BrokerServices } from './services.js';

export interface ConnectionOptions {
  readonly services: BrokerServices;
  readonly config: ListenerConfig;
  readonly memory: MemoryPool;
  readonly logger: BrokerLogger;
  /** Starts the connection isolated (the listener is isolated from clients). */
  readonly isolated: boolean;
  /** Starts the connection held (no slot under max.connections yet). */
  readonly held: boolean;
  readonly onClose: (connection: Connection) => void;
}

/** A request's place in the response order. */
interface PendingResponse {
  /** The handler has finished (or no handler was needed). */
  done: boolean;
  /** The response frame's chunks; null when nothing is to be written (acks=0). */
  chunks: Buffer[] | null;
  /** Bytes of the response reserved from the memory pool, until written. */
  reserved: number;
  /** Close the connection when this response's turn comes (acks=0 produce that failed). */
  closeWhenReached: boolean;
  /** Close the connection once this response is written (a refused authentication). */
  closeAfterWrite?: boolean;
}

/** What can hold a connection back from reading. */
export type PauseReason = 'isolated' | 'held' | 'in-flight' | 'memory' | 'drain';

export class Connection {
  readonly remoteAddress: string;
  private readonly splitter: FrameSplitter;
  private readonly abort = new AbortController();
  private readonly pending: PendingResponse[] = [];
  /** Frames received but not yet dispatched (the in-flight limit or memory stopped them). */
  private readonly backlog: Buffer[] = [];
  private readonly pauses = new Set<PauseReason>();
  private cancelMemoryWait: (() => void) | null = null;
  private closed = false;
  /** Ending after a last response: nothing more is read or dispatched. */
  private ending = false;
  private readonly sasl: SaslAuthenticator | null;
  private protocolErrorLogged = false;
  private lastClientId: string | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.remoteAddress = `${socket.remoteAddress ?? 'unknown'}:${socket.remotePort ?? 0}`;
    this.splitter = new FrameSplitter(options.config.socketRequestMaxBytes);
    this.sasl = options.config.sasl ? new SaslAuthenticator(options.config.sasl) : null;
    socket.setNoDelay(true);
    socket.setTimeout(options.config.connectionsMaxIdleMs);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.resumeAfter('drain'));
    socket.on('timeout', () => {
      if (this.pending.length === 0 && this.backlog.length === 0) this.close();
    });
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
    if (options.isolated) this.pauses.add('isolated');
    if (options.held) this.pauses.add('held');
    this.updateReading();
  }

  /** Bytes received from the client so far (the socket's own count). */
  get bytesIn(): number {
    return this.socket.bytesRead;
  }

  /** Bytes sent (or queued to send) to the client so far. */
  get bytesOut(): number {
    return this.socket.bytesWritten;
  }

  /** Requests received and not yet answered on the wire. */
  get inFlight(): number {
    return this.pending.length + this.backlog.length;
  }

  /** What holds the connection back from reading now (empty while it reads). */
  get pausedFor(): readonly PauseReason[] {
    return [...this.pauses];
  }

  /** Stalls (true) or resumes (false) all traffic, as a network partition would. */
  isolate(on: boolean): void {
    if (on) this.pauseFor('isolated');
    else this.resumeAfter('isolated');
  }

  /** Lets a connection that waited for a slot under max.connections be served. */
  release(): void {
    this.resumeAfter('held');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    this.cancelMemoryWait?.();
    this.cancelMemoryWait = null;
    for (const response of this.pending) this.releaseResponse(response);
    this.pending.length = 0;
    this.backlog.length = 0;
    this.socket.destroy();
    this.options.onClose(this);
  }

  private onData(chunk: Buffer): void {
    if (this.closed || this.ending) return;
    let frames: Buffer[];
    try {
      frames = this.splitter.push(chunk);
    } catch (error) {
      this.protocolError(
        null,
        error instanceof FrameSizeError && error.size >= 0
          ? `frame of ${error.size} bytes is larger than socket.request.max.bytes (${error.maxFrameBytes})`
          : `invalid frame: ${(error as Error).message}`,
      );
      return;
    }
    for (const frame of frames) this.backlog.push(frame);
    this.drainBacklog();
  }

  /** Dispatches backlogged frames while the limits allow. */
  private drainBacklog(): void {
    while (
      !this.closed &&
      !this.ending &&
      this.backlog.length > 0 &&
      this.pending.length < this.options.config.maxInFlightRequestsPerConnection &&
      !this.options.memory.exhausted &&
      !this.pauses.has('isolated')
    ) {
      try {
        this.onFrame(this.backlog.shift()!);
      } catch (error) {
        // A bug in the codec or the dispatcher: this connection cannot go on, the broker can.
        this.options.logger.error(
          `closing connection from ${this.remoteAddress} after an unexpected error`,
          error,
        );
        this.close();
        return;
      }
    }
    this.updateReading();
  }

  private onFrame(frame: Buffer): void {
    if (this.sasl?.expectsRawToken) {
      this.onRawSaslToken(frame);
      return;
    }
    let decoded;
    try {
      decoded = decodeRequestFrame(frame);
    } catch (error) {
      if (!(error instanceof ProtocolDecodeError)) throw error;
      this.protocolError(peekHeader(frame), `malformed request: ${error.message}`);
      return;
    }
    this.lastClientId = decoded.header.clientId;
    if (decoded.kind === 'unknown-api') {
      this.protocolError(decoded.header, `unknown API key ${decoded.header.apiKey}`);
    } else if (decoded.kind === 'unsupported-version') {
      if (decoded.header.apiKey === ApiKey.ApiVersions) this.answerUnsupportedApiVersions(decoded.header);
      else this.protocolError(decoded.header, 'unsupported version');
    } else if (this.sasl && !this.sasl.complete) {
      this.authenticate(decoded, frame.length);
    } else if (!servesApi(this.options.services, decoded.header.apiKey)) {
      this.protocolError(decoded.header, `${apiName(decoded.header.apiKey)} is not served by this broker`);
    } else if (decoded.header.apiVersion > servedMaxVersion(decoded.api)) {
      this.protocolError(decoded.header, 'unsupported version');
    } else {
      this.dispatch(decoded, frame.length);
    }
  }

  /** A request before authentication completed: the authenticator answers it, lets it through, or refuses. */
  private authenticate(decoded: DecodedRequest, frameBytes: number): void {
    const decision: SaslDecision = this.sasl!.onRequest(decoded);
    if (decision.kind === 'dispatch') {
      this.dispatch(decoded, frameBytes);
    } else if (decision.kind === 'close') {
      this.protocolError(decoded.header, decision.reason);
    } else {
      const { header } = decoded;
      const chunks = encodeResponseFrame(
        decision.api as ApiModule,
        header.apiVersion,
        header.correlationId,
        decision.response,
      );
      if (decision.close) {
        this.options.logger.warn(`failed authentication with ${this.remoteAddress}: ${decision.reason}`);
      }
      this.answerNow(chunks, decision.close);
    }
  }

  /** A bare SASL token after SaslHandshake v0: answered with a bare token, or the connection closes. */
  private onRawSaslToken(frame: Buffer): void {
    const decision = this.sasl!.onRawToken(frame);
    if (decision.kind === 'close') {
      this.options.logger.warn(`failed authentication with ${this.remoteAddress}: ${decision.reason}`);
      this.close();
      return;
    }
    const size = Buffer.alloc(4);
    size.writeInt32BE(decision.token.length);
    this.answerNow([size, decision.token], false);
  }

  /** Queues a response that needs no handler, in its turn among the pending ones. */
  private answerNow(chunks: Buffer[], closeAfterWrite: boolean): void {
    const reserved = byteLength(chunks);
    this.options.memory.reserve(reserved);
    this.pending.push({ done: true, chunks, reserved, closeWhenReached: false, closeAfterWrite });
    if (closeAfterWrite) this.ending = true;
    this.flush();
  }

  private dispatch(decoded: DecodedRequest, frameBytes: number): void {
    const { header, api, request } = decoded;
    const response: PendingResponse = { done: false, chunks: null, reserved: 0, closeWhenReached: false };
    this.pending.push(response);
    const { memory } = this.options;
    memory.reserve(frameBytes);
    const acksZero = header.apiKey === ApiKey.Produce && (request as ProduceRequest).acks === 0;
    handleRequest(
      this.options.services,
      api as ApiModule,
      header.apiVersion,
      request,
      {
        apiVersion: header.apiVersion,
        correlationId: header.correlationId,
        clientId: header.clientId,
        clientAddress: this.remoteAddress,
        signal: this.abort.signal,
      },
      this.options.logger,
    )
      .then(
        (body) => {
          if (this.closed) return;
          if (acksZero) {
            response.closeWhenReached = hasProduceError(body as ProduceResponse);
          } else {
            response.chunks = encodeResponseFrame(
              api as ApiModule,
              header.apiVersion,
              header.correlationId,
              body,
            );
            response.reserved = byteLength(response.chunks);
            memory.reserve(response.reserved);
          }
          response.done = true;
          this.flush();
        },
        (error: unknown) => {
          this.options.logger.error(
            `${describeRequest(header)} could not be answered; closing the connection`,
            error,
          );
          this.close();
        },
      )
      .catch((error: unknown) => {
        // An encoding failure is a bug in a handler's response; the stream cannot go on.
        this.options.logger.error(`${describeRequest(header)} response could not be encoded`, error);
        this.close();
      })
      .finally(() => {
        memory.release(frameBytes);
        if (!this.closed) this.drainBacklog();
      });
  }

  /** ApiVersions at a version this broker does not know: a v0 answer the client can read (KIP-511). */
  private answerUnsupportedApiVersions(header: RequestHeader): void {
    const chunks = encodeResponseFrame(apiVersions, 0, header.correlationId, {
      errorCode: ErrorCode.UNSUPPORTED_VERSION,
      apiKeys: [
        {
          apiKey: apiVersions.apiKey,
          minVersion: apiVersions.minVersion,
          maxVersion: apiVersions.maxVersion,
        },
      ],
      throttleTimeMs: 0,
      supportedFeatures: [],
      finalizedFeaturesEpoch: -1n,
      finalizedFeatures: [],
      zkMigrationReady: false,
    });
    this.answerNow(chunks, false);
  }

  /** Writes every response whose turn has come, in one writev. */
  private flush(): void {
    if (this.closed || this.pauses.has('isolated')) return;
    let corked = false;
    let full = false;
    while (this.pending.length > 0 && this.pending[0]!.done) {
      const response = this.pending.shift()!;
      if (response.closeWhenReached) {
        this.options.logger.warn(
          `closing connection from ${this.remoteAddress} (client id ${JSON.stringify(this.lastClientId)}): ` +
            'a produce request with acks=0 failed',
        );
        this.close();
        return;
      }
      const chunks = response.chunks;
      if (chunks !== null) {
        if (!corked) {
          this.socket.cork();
          corked = true;
        }
        for (let i = 0; i < chunks.length; i++) {
          const last = i === chunks.length - 1;
          full =
            !this.socket.write(chunks[i]!, last ? () => this.releaseResponse(response) : undefined) || full;
        }
      }
      if (response.closeAfterWrite) {
        // The last word: end the socket once everything before it is written, then close.
        if (corked) this.socket.uncork();
        this.socket.end(() => this.close());
        return;
      }
    }
    if (corked) this.socket.uncork();
    if (full) this.pauseFor('drain');
  }

  private releaseResponse(response: PendingResponse): void {
    if (response.reserved === 0) return;
    this.options.memory.release(response.reserved);
    response.reserved = 0;
  }

  private pauseFor(reason: PauseReason): void {
    this.pauses.add(reason);
    this.updateReading();
  }

  private resumeAfter(reason: PauseReason): void {
    if (!this.pauses.delete(reason) || this.closed) return;
    if (reason === 'isolated') this.flush();
    this.drainBacklog();
  }

  /** Reads from the socket only while nothing holds the connection back. */
  private updateReading(): void {
    if (this.closed) return;
    const { memory, config } = this.options;
    if (this.pending.length + this.backlog.length >= config.maxInFlightRequestsPerConnection) {
      this.pauses.add('in-flight');
    } else {
      this.pauses.delete('in-flight');
    }
    if (memory.exhausted) {
      this.pauses.add('memory');
      this.cancelMemoryWait ??= memory.whenAvailable(() => {
        this.cancelMemoryWait = null;
        this.resumeAfter('memory');
      });
    } else {
      this.pauses.delete('memory');
    }
    if (this.pauses.size > 0) this.socket.pause();
    else this.socket.resume();
  }

  /**
   * Logs a protocol error (once per connection) and closes the connection, after answering the
   * requests that came before the bad one: Kafka reads one request at a time, so by the time it
   * reads a bad frame every earlier request has had its answer.
   */
  private protocolError(header: RequestHeader | null, problem: string): void {
    if (!this.protocolErrorLogged) {
      this.protocolErrorLogged = true;
      const request = header
        ? `${describeRequest(header)}, correlation id ${header.correlationId}, client id ${JSON.stringify(header.clientId)}`
        : `client id ${JSON.stringify(this.lastClientId)}`;
      this.options.logger.warn(`closing connection from ${this.remoteAddress} (${request}): ${problem}`);
    }
    if (this.pending.length === 0) {
      this.close();
      return;
    }
    this.ending = true;
    this.backlog.length = 0;
    this.pending.push({
      done: true,
      chunks: null,
      reserved: 0,
      closeWhenReached: false,
      closeAfterWrite: true,
    });
    this.flush();
  }
}

/** The request header of a frame whose body could not be decoded, when the header itself can be. */
function peekHeader(frame: Buffer): RequestHeader | null {
  try {
    return readRequestHeaderPrefix(new Reader(frame));
  } catch {
    return null;
  }
}

function hasProduceError(response: ProduceResponse): boolean {
  return response.responses.some((topic) =>
    topic.partitionResponses.some((partition) => partition.errorCode !== ErrorCode.NONE),
  );
}

function byteLength(chunks: readonly Buffer[]): number {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  return total;
}
