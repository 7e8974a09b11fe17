/**
 * A SASL listener on the wire, in real bytes: what may come before authentication, the v1 flow
 * (SaslHandshake then SaslAuthenticate), the v0 flow (bare tokens), and each refusal — written
 * before the connection closes so that the client can say why.
 */
import { connect as connectSocket, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerListener } from '../../../../engine/broker/listener.js';
import { silentLogger, type BrokerLogger } from '../../../../engine/broker/logger.js';
import { listenerSasl } from '../../../../engine/broker/sasl/listener-sasl.js';
import { ApiKey } from '../../../../engine/protocol/api-keys.js';
import * as apiVersions from '../../../../engine/protocol/apis/api-versions.js';
import * as metadata from '../../../../engine/protocol/apis/metadata.js';
import * as saslAuthenticate from '../../../../engine/protocol/apis/sasl-authenticate.js';
import * as saslHandshake from '../../../../engine/protocol/apis/sasl-handshake.js';
import { ErrorCode } from '../../../../engine/protocol/errors.js';
import { FrameSplitter } from '../../../../engine/protocol/frame-splitter.js';
import { decodeResponseFrame } from '../../../../engine/protocol/frame.js';
import { ScramClient } from '../../../../host/kafka-client/scram.js';
import { fakeServices } from '../fake-services.js';
import { frameOf, until, WireClient } from '../wire.js';

const started: BrokerListener[] = [];
const clients: WireClient[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.destroy();
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(started.splice(0).map((l) => l.stop()));
});

const sasl = listenerSasl(
  ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'],
  [{ username: 'alice', password: 'alice-secret' }],
);

async function connect(withSasl = true): Promise<{ client: WireClient; warnings: string[] }> {
  const warnings: string[] = [];
  const logger: BrokerLogger = { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
  const listener = new BrokerListener(fakeServices(), { logger, sasl: withSasl ? sasl : null });
  started.push(listener);
  const { port } = await listener.start();
  const client = await WireClient.connect(port);
  clients.push(client);
  return { client, warnings };
}

const metadataRequest = {
  topics: null,
  allowAutoTopicCreation: false,
  includeClusterAuthorizedOperations: false,
  includeTopicAuthorizedOperations: false,
};
function bareToken(token: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(token.length);
  return Buffer.concat([size, token]);
}

const plain = (user: string, password: string) => ({ authBytes: Buffer.from(`\0${user}\0${password}`) });

describe('SASL listener', () => {
  it('answers ApiVersions before authentication, advertising SaslHandshake v0-1 and SaslAuthenticate v0-2', async () => {
    const { client } = await connect();
    const response = await client.send(apiVersions, 3, {
      clientSoftwareName: 't',
      clientSoftwareVersion: '1',
    });
    expect(response.errorCode).toBe(ErrorCode.NONE);
    expect(response.apiKeys).toContainEqual({ apiKey: ApiKey.SaslHandshake, minVersion: 0, maxVersion: 1 });
    expect(response.apiKeys).toContainEqual({
      apiKey: ApiKey.SaslAuthenticate,
      minVersion: 0,
      maxVersion: 2,
    });
  });

  it('closes the connection on any other request before authentication, answering nothing', async () => {
    const { client, warnings } = await connect();
    await expect(client.send(metadata, 12, metadataRequest)).rejects.toThrow('connection closed');
    expect(warnings.join('\n')).toMatch(/unexpected Metadata request during SASL handshake/);
  });

  it('authenticates PLAIN over SaslHandshake v1 and SaslAuthenticate v0-v2, then serves requests', async () => {
    for (const version of [0, 1, 2]) {
      const { client } = await connect();
      const handshake = await client.send(saslHandshake, 1, { mechanism: 'PLAIN' });
      expect(handshake).toEqual({
        errorCode: ErrorCode.NONE,
        mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'],
      });
      const auth = await client.send(saslAuthenticate, version, plain('alice', 'alice-secret'));
      expect(auth).toEqual({
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        authBytes: Buffer.alloc(0),
        sessionLifetimeMs: 0n,
      });
      const served = await client.send(metadata, 12, metadataRequest);
      expect(served.brokers.length).toBeGreaterThan(0);
      // Once authenticated, a second handshake is illegal, as in Kafka.
      expect((await client.send(saslHandshake, 1, { mechanism: 'PLAIN' })).errorCode).toBe(
        ErrorCode.ILLEGAL_SASL_STATE,
      );
    }
  });

  it("answers a wrong password with SASL_AUTHENTICATION_FAILED and Kafka's message, then closes", async () => {
    const { client, warnings } = await connect();
    await client.send(saslHandshake, 1, { mechanism: 'PLAIN' });
    const auth = await client.send(saslAuthenticate, 2, plain('alice', 'wrong'));
    expect(auth.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect(auth.errorMessage).toBe('Authentication failed: Invalid username or password');
    await client.closed;
    expect(warnings.join('\n')).toMatch(/failed authentication with 127\.0\.0\.1:\d+: Authentication failed/);
  });

  it('answers an unsupported mechanism with the enabled ones, then closes', async () => {
    const { client } = await connect();
    const handshake = await client.send(saslHandshake, 1, { mechanism: 'GSSAPI' });
    expect(handshake).toEqual({
      errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM,
      mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'],
    });
    await client.closed;
  });

  for (const [mechanism, hash] of [
    ['SCRAM-SHA-256', 'sha256'],
    ['SCRAM-SHA-512', 'sha512'],
  ] as const) {
    it(`authenticates ${mechanism} in two SaslAuthenticate rounds and proves the server knows the password`, async () => {
      const { client } = await connect();
      await client.send(saslHandshake, 1, { mechanism });
      const scram = new ScramClient(hash, 'alice', 'alice-secret');
      const first = await client.send(saslAuthenticate, 2, { authBytes: Buffer.from(scram.clientFirst()) });
      expect(first.errorCode).toBe(ErrorCode.NONE);
      const final = await client.send(saslAuthenticate, 2, {
        authBytes: Buffer.from(scram.clientFinal(first.authBytes.toString())),
      });
      expect(final.errorCode).toBe(ErrorCode.NONE);
      expect(() => scram.verifyServerFinal(final.authBytes.toString())).not.toThrow();
      expect((await client.send(metadata, 12, metadataRequest)).brokers.length).toBeGreaterThan(0);
    });

    it(`refuses a wrong ${mechanism} password at the final round, then closes`, async () => {
      const { client } = await connect();
      await client.send(saslHandshake, 1, { mechanism });
      const scram = new ScramClient(hash, 'alice', 'wrong');
      const first = await client.send(saslAuthenticate, 1, { authBytes: Buffer.from(scram.clientFirst()) });
      const final = await client.send(saslAuthenticate, 1, {
        authBytes: Buffer.from(scram.clientFinal(first.authBytes.toString())),
      });
      expect(final.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
      expect(final.errorMessage).toBe(
        `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}`,
      );
      await client.closed;
    });
  }

  it('authenticates over SaslHandshake v0 with bare size-prefixed tokens, and closes on a wrong one', async () => {
    // After a v0 handshake the next frame is a bare token, so this speaks on the socket directly.
    const exchange = async (password: string): Promise<{ answer: Buffer | null; served: boolean }> => {
      const listener = new BrokerListener(fakeServices(), { logger: silentLogger, sasl });
      started.push(listener);
      const socket = connectSocket({ port: (await listener.start()).port, host: '127.0.0.1' });
      sockets.push(socket);
      const frames: Buffer[] = [];
      const splitter = new FrameSplitter(1 << 20);
      socket.on('data', (chunk: Buffer) => frames.push(...splitter.push(chunk)));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.on('error', () => {});
      socket.write(frameOf(saslHandshake, 0, { mechanism: 'PLAIN' }, 1));
      await until(() => frames.length === 1, 5000, 'the handshake answer');
      socket.write(bareToken(Buffer.from(`\0alice\0${password}`)));
      let isClosed = false;
      void closed.then(() => (isClosed = true));
      await until(() => frames.length === 2 || isClosed, 5000, 'the token answer');
      if (isClosed) return { answer: null, served: false };
      socket.write(frameOf(metadata, 12, metadataRequest, 2));
      await until(() => frames.length === 3 || isClosed, 5000, 'the metadata answer');
      const response = frames[2] && decodeResponseFrame(metadata, 12, frames[2]).response;
      return { answer: frames[1]!, served: (response?.brokers.length ?? 0) > 0 };
    };
    expect(await exchange('alice-secret')).toEqual({ answer: Buffer.alloc(0), served: true });
    expect(await exchange('wrong')).toEqual({ answer: null, served: false });
  });

  it('answers SaslHandshake on a listener without SASL with ILLEGAL_SASL_STATE, as Kafka does', async () => {
    const { client } = await connect(false);
    expect(await client.send(saslHandshake, 1, { mechanism: 'PLAIN' })).toEqual({
      errorCode: ErrorCode.ILLEGAL_SASL_STATE,
      mechanisms: [],
    });
    const auth = await client.send(saslAuthenticate, 2, plain('alice', 'alice-secret'));
    expect(auth.errorCode).toBe(ErrorCode.ILLEGAL_SASL_STATE);
  });
});
