/**
 * A scripted broker on a loopback port for connection-level tests: it decodes each request frame
 * with the project's codec and lets the test answer (or not) with any response object.
 */
import { createServer, type Socket } from 'node:net';
import type { ApiModule } from '../../../engine/protocol/api.js';
import { encodeResponseFrame } from '../../../engine/protocol/frame.js';
import { FrameSplitter } from '../../../engine/protocol/frame-splitter.js';
import {
  decodeRequestFrame,
  supportedApiVersions,
  type DecodedRequestFrame,
} from '../../../engine/protocol/registry.js';

export interface FakeRequest {
  readonly frame: DecodedRequestFrame;
  readonly socket: Socket;
  /** Answers with `response` encoded for `api` at `version` (default: the request's). */
  reply(api: ApiModule, response: unknown, version?: number): void;
}

export interface FakeBroker {
  readonly port: number;
  readonly sockets: Set<Socket>;
  close(): Promise<void>;
}

/** Every API of the codec, as ApiVersions answers them. */
export const allVersions = () => ({
  errorCode: 0,
  apiKeys: supportedApiVersions(),
  throttleTimeMs: 0,
  supportedFeatures: [],
  finalizedFeaturesEpoch: -1n,
  finalizedFeatures: [],
  zkMigrationReady: false,
});

export async function startFakeBroker(onRequest: (request: FakeRequest) => void): Promise<FakeBroker> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const splitter = new FrameSplitter(1 << 24);
    socket.on('data', (chunk: Buffer) => {
      let payloads: Buffer[];
      try {
        payloads = splitter.push(chunk);
      } catch {
        // Not Kafka frames (a TLS hello, say): hang up, as a broker does.
        socket.destroy();
        return;
      }
      for (const payload of payloads) {
        const frame = decodeRequestFrame(payload);
        onRequest({
          frame,
          socket,
          reply: (api, response, version) => {
            const chunks = encodeResponseFrame(
              api,
              version ?? frame.header.apiVersion,
              frame.header.correlationId,
              response,
            );
            if (!socket.destroyed) socket.write(Buffer.concat(chunks));
          },
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    sockets,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
