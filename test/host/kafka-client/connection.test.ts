import { afterEach, describe, expect, it } from 'vitest';
import * as apiVersions from '../../../engine/protocol/apis/api-versions.js';
import * as metadata from '../../../engine/protocol/apis/metadata.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { ApiError } from '../../../host/api/errors.js';
import { KafkaClient, parseBootstrap } from '../../../host/kafka-client/client.js';
import { allVersions, startFakeBroker, type FakeBroker, type FakeRequest } from './fake-broker.js';

const metadataResponse = (port: number): metadata.MetadataResponse => ({
  throttleTimeMs: 0,
  brokers: [{ nodeId: 1, host: '127.0.0.1', port, rack: null }],
  clusterId: 'fake',
  controllerId: 1,
  topics: [],
  clusterAuthorizedOperations: metadata.AUTHORIZED_OPERATIONS_OMITTED,
  errorCode: 0,
});

const emptyMetadataRequest = {
  topics: [],
  allowAutoTopicCreation: false,
  includeClusterAuthorizedOperations: false,
  includeTopicAuthorizedOperations: false,
};

let broker: FakeBroker | undefined;
let client: KafkaClient | undefined;
afterEach(async () => {
  await client?.close();
  await broker?.close();
  client = broker = undefined;
});

/** A broker that answers ApiVersions itself and hands every other request to `onOther`. */
async function fake(onOther: (request: FakeRequest) => void): Promise<FakeBroker> {
  broker = await startFakeBroker((request) => {
    if (request.frame.kind === 'request' && request.frame.name === 'ApiVersions') {
      request.reply(apiVersions, allVersions());
    } else {
      onOther(request);
    }
  });
  return broker;
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('bootstrap addresses', () => {
  it('parses host:port lists, IPv6 in brackets, and names a bad entry', () => {
    expect(parseBootstrap(' a:1, [::1]:9092 ,b.example:65535')).toEqual([
      { host: 'a', port: 1 },
      { host: '::1', port: 9092 },
      { host: 'b.example', port: 65535 },
    ]);
    expect(() => parseBootstrap('a:1,nope')).toThrow('bad bootstrap server "nope" (expected host:port)');
    expect(() => parseBootstrap('a:70000')).toThrow(/a:70000/);
    expect(() => parseBootstrap(' , ')).toThrow(/no bootstrap server/);
  });
});

describe('connections', () => {
  it('fails within the connect timeout, naming each address, when no bootstrap server answers', async () => {
    // One port that refuses, one server that accepts and never says a word.
    const silent = await startFakeBroker(() => undefined);
    broker = silent;
    const refused = await startFakeBroker(() => undefined);
    const refusedPort = refused.port;
    await refused.close();
    client = new KafkaClient({
      bootstrap: `127.0.0.1:${refusedPort},127.0.0.1:${silent.port}`,
      connectTimeoutMs: 500,
    });
    const started = Date.now();
    const error = await rejection(client.metadata());
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(`127.0.0.1:${refusedPort}: connection refused`);
    expect(error.message).toContain(`127.0.0.1:${silent.port}: no handshake within 500 ms`);
  });

  it('asks ApiVersions again at a lower version when the broker answers v0 with UNSUPPORTED_VERSION', async () => {
    const asked: number[] = [];
    broker = await startFakeBroker((request) => {
      const { frame } = request;
      asked.push(frame.header.apiVersion);
      if (frame.header.apiKey === apiVersions.apiKey && frame.header.apiVersion > 2) {
        // KIP-511: a v0 body with the broker's own ApiVersions range.
        request.reply(
          apiVersions,
          {
            ...allVersions(),
            errorCode: ErrorCode.UNSUPPORTED_VERSION,
            apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 2 }],
          },
          0,
        );
      } else if (frame.header.apiKey === apiVersions.apiKey) {
        request.reply(apiVersions, allVersions());
      } else {
        request.reply(metadata, metadataResponse(broker!.port));
      }
    });
    client = new KafkaClient({ bootstrap: `127.0.0.1:${broker.port}` });
    const md = await client.metadata({ topics: [] });
    expect(md.clusterId).toBe('fake');
    expect(asked.slice(0, 2)).toEqual([4, 2]);
  });

  it('matches pipelined responses by correlation id, whatever their order', async () => {
    const held: FakeRequest[] = [];
    await fake((request) => {
      held.push(request);
      if (held.length === 3) {
        for (const r of [held[2]!, held[0]!, held[1]!]) {
          r.reply(metadata, {
            ...metadataResponse(broker!.port),
            clusterId: `answer-${r.frame.header.correlationId}`,
          });
        }
      }
    });
    client = new KafkaClient({ bootstrap: `127.0.0.1:${broker!.port}` });
    const answers = await Promise.all(
      [0, 1, 2].map(() => client!.request('Metadata', emptyMetadataRequest, 'any')),
    );
    const ids = held.map((r) => r.frame.header.correlationId);
    expect(answers.map((a) => a.clusterId)).toEqual(ids.map((id) => `answer-${id}`));
    expect(new Set(held.map((r) => r.socket)).size).toBe(1);
  });

  it('fails a request that gets no answer in time with TIMEOUT, and reconnects for the next one', async () => {
    let requests = 0;
    await fake((request) => {
      requests++;
      if (requests > 1) request.reply(metadata, metadataResponse(broker!.port));
    });
    client = new KafkaClient({ bootstrap: `127.0.0.1:${broker!.port}`, requestTimeoutMs: 200 });
    const error = await rejection(client.request('Metadata', emptyMetadataRequest, 'any'));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/did not answer Metadata v\d+ within 200 ms/);
    const answer = await client.request('Metadata', emptyMetadataRequest, 'any');
    expect(answer.clusterId).toBe('fake');
  });

  it('cancels a request when its signal aborts', async () => {
    await fake(() => undefined);
    client = new KafkaClient({ bootstrap: `127.0.0.1:${broker!.port}` });
    const controller = new AbortController();
    const pending = client.request('Metadata', emptyMetadataRequest, 'any', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await rejection(pending)).code).toBe('CANCELLED');
  });

  it('fails requests in flight with a retriable UNAVAILABLE when the broker drops the connection', async () => {
    let first = true;
    await fake((request) => {
      if (first) {
        first = false;
        request.reply(metadata, metadataResponse(broker!.port));
      } else {
        request.socket.destroy();
      }
    });
    client = new KafkaClient({ bootstrap: `127.0.0.1:${broker!.port}` });
    await client.request('Metadata', emptyMetadataRequest, 'any');
    const error = await rejection(client.request('Metadata', emptyMetadataRequest, 'any'));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain('closed the connection');
    expect((error as { retriable?: boolean }).retriable).toBe(true);
  });

  it('says the listener may need TLS or SASL when it hangs up before answering anything', async () => {
    await fake((request) => request.socket.destroy());
    client = new KafkaClient({ bootstrap: `127.0.0.1:${broker!.port}` });
    const error = await rejection(client.metadata());
    expect(error.message).toMatch(
      /before answering its first request \(does the listener need TLS or SASL settings\?\)/,
    );
  });

  it('says a TLS handshake was cut off when the listener does not speak TLS', async () => {
    // A TLS hello is not a Kafka frame: the broker hangs up.
    broker = await startFakeBroker(() => undefined);
    client = new KafkaClient({ bootstrap: `127.0.0.1:${broker.port}`, tls: {}, connectTimeoutMs: 1_000 });
    const error = await rejection(client.metadata());
    expect(error.message).toBe(
      `cannot connect to 127.0.0.1:${broker.port}: the TLS handshake was cut off (does the listener use TLS?)`,
    );
  });

  it('refuses an API the broker does not speak at any version this client knows', async () => {
    broker = await startFakeBroker((request) => {
      if (request.frame.header.apiKey === apiVersions.apiKey) {
        const versions = allVersions();
        request.reply(apiVersions, {
          ...versions,
          apiKeys: versions.apiKeys.map((r) =>
            r.apiKey === 3 ? { apiKey: 3, minVersion: 20, maxVersion: 21 } : r,
          ),
        });
      }
    });
    client = new KafkaClient({ bootstrap: `127.0.0.1:${broker.port}` });
    const error = await client.metadata().catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ code: ErrorCode.UNSUPPORTED_VERSION });
    expect((error as Error).message).toMatch(/speaks Metadata v20–v21; this client speaks v0–v13/);
  });
});
