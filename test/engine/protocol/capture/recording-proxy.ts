/**
 * A recording TCP proxy for Kafka connections, to capture real request/response pairs: clients
 * connect to it, it forwards every byte unchanged to the broker and back, and keeps a copy of each
 * frame, pairing responses with their requests by correlation id. Run the broker with the proxy's
 * port as its advertised port, so clients reach every broker through the proxy.
 *
 * Frames are cut with the codec's FrameSplitter; only the request header prefix is decoded.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { ProtocolDecodeError } from '../../../../engine/protocol/decode-error.js';
import { readRequestHeaderPrefix, type RequestHeader } from '../../../../engine/protocol/frame.js';
import { FrameSplitter } from '../../../../engine/protocol/frame-splitter.js';
import { Reader } from '../../../../engine/protocol/reader.js';

export interface Exchange {
  readonly header: RequestHeader;
  /** The request frame's payload (header + body, no size prefix). */
  readonly request: Buffer;
  /** The response frame's payload, or null when none came (Produce with acks=0, closed connection). */
  response: Buffer | null;
  /** A label of what was running when the request was sent (the scenario). */
  readonly label: string;
}

const MAX_FRAME = 256 * 1024 * 1024;

function headerOf(request: Buffer): RequestHeader | undefined {
  try {
    return readRequestHeaderPrefix(new Reader(request));
  } catch (error) {
    if (error instanceof ProtocolDecodeError) return undefined;
    throw error;
  }
}

export class RecordingProxy {
  readonly exchanges: Exchange[] = [];
  /** Set before running each client; stored with every exchange it sends. */
  label = '';
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on 127.0.0.1:port (0 for any) and forwards to the broker once `target` is set. */
  static async listen(port = 0): Promise<RecordingProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    const proxy = new RecordingProxy(server, address.port);
    server.on('connection', (client) => proxy.accept(client));
    return proxy;
  }

  /** The broker's real client port; connections accepted before it is set are refused. */
  target: number | undefined;

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket): void {
    if (this.target === undefined) {
      client.destroy();
      return;
    }
    const upstream = connect(this.target, '127.0.0.1');
    this.sockets.add(client).add(upstream);
    const pending = new Map<number, Exchange>();
    const requests = new FrameSplitter(MAX_FRAME);
    const responses = new FrameSplitter(MAX_FRAME);
    const label = this.label;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      for (const frame of requests.push(chunk)) {
        const request = Buffer.from(frame);
        const header = headerOf(request);
        // Not a Kafka request (raw SASL tokens after SaslHandshake v0): forwarded, not recorded.
        if (!header) continue;
        const exchange: Exchange = { header, request, response: null, label };
        this.exchanges.push(exchange);
        pending.set(header.correlationId, exchange);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      for (const frame of responses.push(chunk)) {
        const exchange = pending.get(frame.readInt32BE(0));
        if (exchange) {
          exchange.response = Buffer.from(frame);
          pending.delete(exchange.header.correlationId);
        }
      }
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', closeBoth).on('error', closeBoth);
    upstream.on('close', closeBoth).on('error', closeBoth);
  }
}
