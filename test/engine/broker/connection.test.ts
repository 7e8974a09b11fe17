import { afterEach, describe, expect, it } from 'vitest';
import { BrokerListener, type ListenerOptions } from '../../../engine/broker/listener.js';
import type { BrokerLogger } from '../../../engine/broker/logger.js';
import { ApiKey } from '../../../engine/protocol/api-keys.js';
import * as apiVersions from '../../../engine/protocol/apis/api-versions.js';
import * as fetchApi from '../../../engine/protocol/apis/fetch.js';
import * as metadata from '../../../engine/protocol/apis/metadata.js';
import * as produce from '../../../engine/protocol/apis/produce.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { ZERO_UUID } from '../../../engine/protocol/uuid.js';
import { encodeUncompressedBatch } from '../../../engine/records/codec.js';
import { fakeServices, type FakeServices } from './fake-services.js';
import { frameOf, until, WireClient } from './wire.js';

const started: BrokerListener[] = [];
const clients: WireClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.destroy();
  await Promise.all(started.splice(0).map((l) => l.stop()));
});

class RecordingLogger implements BrokerLogger {
  readonly warnings: string[] = [];
  readonly errors: string[] = [];
  warn(message: string): void {
    this.warnings.push(message);
  }
  error(message: string): void {
    this.errors.push(message);
  }
}

async function startBroker(
  options: ListenerOptions = {},
  services: FakeServices = fakeServices(),
): Promise<{ port: number; services: FakeServices; listener: BrokerListener; logger: RecordingLogger }> {
  const logger = new RecordingLogger();
  const listener = new BrokerListener(services, { logger, ...options });
  started.push(listener);
  const { port } = await listener.start();
  return { port, services, listener, logger };
}

async function client(port: number): Promise<WireClient> {
  const c = await WireClient.connect(port);
  clients.push(c);
  return c;
}

const metadataRequest = {
  topics: null,
  allowAutoTopicCreation: false,
  includeClusterAuthorizedOperations: false,
  includeTopicAuthorizedOperations: false,
};

function longPoll(maxWaitMs: number): fetchApi.FetchRequest {
  return {
    clusterId: null,
    replicaId: -1,
    replicaEpoch: -1n,
    maxWaitMs,
    minBytes: 1,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic: 'events',
        topicId: ZERO_UUID,
        partitions: [
          {
            partition: 0,
            currentLeaderEpoch: -1,
            fetchOffset: 0n,
            lastFetchedEpoch: -1,
            logStartOffset: -1n,
            partitionMaxBytes: 1 << 20,
            replicaDirectoryId: ZERO_UUID,
            highWatermark: fetchApi.HIGH_WATERMARK_UNKNOWN,
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  };
}

function produceRequest(topic: string, acks: number, marker: number): produce.ProduceRequest {
  const batch = encodeUncompressedBatch({
    records: [{ key: null, value: Buffer.from('v') }],
    timestamp: marker,
  });
  return {
    transactionalId: null,
    acks,
    timeoutMs: 1000,
    topicData: [{ name: topic, topicId: ZERO_UUID, partitionData: [{ index: 0, records: batch }] }],
  };
}

describe('connection', () => {
  it('answers ApiVersions with exactly the APIs the broker serves', async () => {
    const { port } = await startBroker();
    const c = await client(port);
    const response = await c.send(apiVersions, 3, {
      clientSoftwareName: 'test',
      clientSoftwareVersion: '1.0',
    });
    expect(response.errorCode).toBe(ErrorCode.NONE);
    const keys = response.apiKeys.map((k) => k.apiKey);
    expect(keys).toContain(ApiKey.Produce);
    expect(keys).toContain(ApiKey.Fetch);
    expect(keys).not.toContain(ApiKey.JoinGroup);
    expect(response.apiKeys.find((k) => k.apiKey === ApiKey.ApiVersions)).toEqual({
      apiKey: ApiKey.ApiVersions,
      minVersion: 0,
      maxVersion: 4,
    });
  });

  it('answers an ApiVersions version it does not know with v0 UNSUPPORTED_VERSION and its own range (KIP-511)', async () => {
    const { port } = await startBroker();
    const c = await client(port);
    // A client sends its newest version; the broker answers in v0 so the client can read it.
    const request = frameOf(apiVersions, 3, { clientSoftwareName: 'x', clientSoftwareVersion: '1' }, 7);
    request.writeInt16BE(99, 6);
    const answered = new Promise<Buffer>((resolve) => c.socket.once('data', resolve));
    c.write(request);
    const bytes = await answered;
    const { response, correlationId } = (
      await import('../../../engine/protocol/frame.js')
    ).decodeResponseFrame(apiVersions, 0, bytes.subarray(4));
    expect(correlationId).toBe(7);
    expect(response.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(response.apiKeys).toEqual([{ apiKey: ApiKey.ApiVersions, minVersion: 0, maxVersion: 4 }]);
    // The connection stays usable for the retry.
    expect(
      (await c.send(apiVersions, 2, { clientSoftwareName: '', clientSoftwareVersion: '' })).errorCode,
    ).toBe(0);
  });

  it("refuses a v3 ApiVersions whose software name breaks Kafka's pattern with INVALID_REQUEST", async () => {
    const { port } = await startBroker();
    const c = await client(port);
    const response = await c.send(apiVersions, 3, {
      clientSoftwareName: '-bad-',
      clientSoftwareVersion: '1',
    });
    expect(response.errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('closes the connection on an unknown API key, an unsupported version or a malformed body, and logs it once', async () => {
    const { port, logger } = await startBroker();
    const bystander = await client(port);
    const cases: Buffer[] = [
      frameOf(metadata, 12, metadataRequest, 1),
      frameOf(metadata, 12, metadataRequest, 2),
      frameOf(metadata, 12, metadataRequest, 3),
    ];
    cases[0]!.writeInt16BE(999, 4); // api key
    cases[1]!.writeInt16BE(99, 6); // version
    const truncated = cases[2]!.subarray(0, cases[2]!.length - 2);
    truncated.writeInt32BE(truncated.length - 4, 0);
    cases[2] = truncated;
    for (const bytes of cases) {
      const c = await client(port);
      c.write(bytes);
      await c.closed;
    }
    expect(logger.warnings).toHaveLength(3);
    expect(logger.warnings[0]).toMatch(/unknown API key 999/);
    expect(logger.warnings[1]).toMatch(
      /\(Metadata v99, correlation id 2, client id "wire-test"\): unsupported version/,
    );
    expect(logger.warnings[2]).toMatch(
      /\(Metadata v12, correlation id 3, client id "wire-test"\): malformed request/,
    );
    expect((await bystander.send(metadata, 12, metadataRequest)).topics).toHaveLength(1);
  });

  it('answers every request before a malformed one in the same burst, then closes, as Kafka does', async () => {
    // Kafka reads one request at a time, so requests before a bad frame are answered before the
    // bad frame is even read; pipelining here must not lose those answers.
    const { port } = await startBroker();
    const c = await client(port);
    const garbage = frameOf(metadata, 12, metadataRequest, 4);
    garbage.writeInt16BE(999, 4);
    c.write(
      Buffer.concat([
        frameOf(metadata, 12, metadataRequest, 1),
        frameOf(apiVersions, 3, { clientSoftwareName: 'x', clientSoftwareVersion: '1' }, 2),
        frameOf(metadata, 12, metadataRequest, 3),
        garbage,
        frameOf(metadata, 12, metadataRequest, 5),
      ]),
    );
    await c.closed;
    expect(c.arrivals).toEqual([1, 2, 3]);
  });

  it('closes a connection whose frame announces more than socket.request.max.bytes, before reading it', async () => {
    const { port, logger, listener } = await startBroker({ socketRequestMaxBytes: 1000 });
    const c = await client(port);
    const size = Buffer.alloc(4);
    size.writeInt32BE(1001);
    c.write(size);
    await c.closed;
    expect(listener.memory.usedBytes).toBe(0);
    expect(logger.warnings[0]).toMatch(/1001 bytes is larger than socket.request.max.bytes \(1000\)/);
  });

  it('reassembles frames split into single bytes and answers pipelined requests in order', async () => {
    const { port } = await startBroker();
    const c = await client(port);
    const bytes = Buffer.concat(
      Array.from({ length: 20 }, (_, i) =>
        frameOf(apiVersions, 2, { clientSoftwareName: '', clientSoftwareVersion: '' }, 100 + i),
      ),
    );
    for (const byte of bytes) c.write(Buffer.from([byte]));
    await until(() => c.arrivals.length === 20, 5000, '20 responses');
    expect(c.arrivals).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
  });

  it('writes responses in request order when a long poll finishes after a later request', async () => {
    const { port, services } = await startBroker();
    const c = await client(port);
    const poll = c.sendWith(fetchApi, 12, longPoll(10_000));
    const meta = c.sendWith(metadata, 12, metadataRequest);
    await until(() => services.waitingFetches === 1, 5000, 'the fetch to wait');
    // Metadata is answered by its handler at once, but must not overtake the fetch on the wire.
    await new Promise((resolve) => setImmediate(resolve));
    expect(c.arrivals).toEqual([]);
    services.releaseFetches();
    await Promise.all([poll.response, meta.response]);
    expect(c.arrivals).toEqual([poll.correlationId, meta.correlationId]);
  });

  it('appends pipelined produce requests in the order they were sent', async () => {
    const { port, services } = await startBroker();
    const c = await client(port);
    const sent = Array.from(
      { length: 30 },
      (_, i) => c.sendWith(produce, 9, produceRequest('events', 1, i)).response,
    );
    const responses = await Promise.all(sent);
    expect(services.appends).toEqual(Array.from({ length: 30 }, (_, i) => `events-0:${i}`));
    expect(responses.map((r) => Number(r.responses[0]!.partitionResponses[0]!.baseOffset))).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
  });

  it('sends nothing for acks=0 and closes the connection when an acks=0 produce fails', async () => {
    const { port, services } = await startBroker();
    const c = await client(port);
    const silent = c.sendWith(produce, 9, produceRequest('events', 0, 1), { expectResponse: false });
    const after = await c.send(metadata, 12, metadataRequest);
    expect(after.topics).toHaveLength(1);
    expect(c.arrivals).toEqual([silent.correlationId + 1]);
    expect(services.appends).toEqual(['events-0:1']);
    c.sendWith(produce, 9, produceRequest('missing', 0, 2), { expectResponse: false });
    await c.closed;
  });

  it('stops reading past maxInFlightRequestsPerConnection and resumes as requests are answered', async () => {
    const { port, services, listener } = await startBroker({ maxInFlightRequestsPerConnection: 2 });
    const c = await client(port);
    // Three requests in one write: they arrive together, and only two may be dispatched.
    c.write(Buffer.concat([1, 2, 3].map((id) => frameOf(fetchApi, 12, longPoll(10_000), id))));
    await until(() => listener.connectionStats()[0]?.inFlight === 3, 5000, 'three requests received');
    expect(services.fetchCalls).toBe(2);
    expect(listener.connectionStats()[0]?.pausedFor).toContain('in-flight');
    services.releaseFetches();
    await until(() => services.fetchCalls === 3, 5000, 'the third fetch');
    services.releaseFetches();
    await until(() => c.arrivals.length === 3, 5000, 'three responses');
    expect(c.arrivals).toEqual([1, 2, 3]);
  });

  it('stops every connection from reading while the memory pool is exhausted', async () => {
    const { port, services, listener } = await startBroker({ queuedMaxRequestBytes: 50 });
    const a = await client(port);
    const b = await client(port);
    const hog = a.sendWith(fetchApi, 12, longPoll(10_000));
    await until(() => services.waitingFetches === 1, 5000, 'the first fetch');
    // The fetch's frame is held while it waits; it is over the 50-byte budget.
    expect(listener.memory.exhausted).toBe(true);
    const blocked = b.sendWith(metadata, 12, metadataRequest);
    const stats = (): ReturnType<typeof listener.connectionStats> => listener.connectionStats();
    await until(
      () => stats().some((s) => s.pausedFor.includes('memory') && s.inFlight === 1),
      5000,
      'b held back',
    );
    expect(b.arrivals).toEqual([]);
    services.releaseFetches();
    await hog.response;
    await blocked.response;
    await until(() => listener.memory.usedBytes === 0, 5000, 'all memory released');
  });

  it('stalls traffic while isolated and delivers the held responses on heal', async () => {
    const { port, listener } = await startBroker();
    const c = await client(port);
    await c.send(metadata, 12, metadataRequest);
    listener.isolate(true);
    const during = c.sendWith(metadata, 12, metadataRequest);
    const late = await client(port);
    const lateRequest = late.sendWith(apiVersions, 2, { clientSoftwareName: '', clientSoftwareVersion: '' });
    await until(() => listener.connectionCount === 2, 5000, 'the late connection accepted');
    expect(listener.connectionStats().every((s) => s.pausedFor.includes('isolated'))).toBe(true);
    expect(c.arrivals).toHaveLength(1);
    listener.isolate(false);
    await during.response;
    await lateRequest.response;
  });

  it('closes connections idle for connections.max.idle.ms', async () => {
    const { port, listener } = await startBroker({ connectionsMaxIdleMs: 100 });
    const c = await client(port);
    await c.send(metadata, 12, metadataRequest);
    await c.closed;
    await until(() => listener.connectionCount === 0, 5000, 'the connection to be forgotten');
  });
});
