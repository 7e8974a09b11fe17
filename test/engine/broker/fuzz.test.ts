/**
 * Random and mutated frames thrown at a broker: request frames captured from real clients
 * (test/engine/protocol/fixtures), with bytes flipped, counts and lengths overwritten, pieces cut
 * or inserted, size prefixes lied about, or plain noise. Each case goes over its own connection;
 * after every case a well-behaved client on another connection must still be answered, and when
 * all is done the broker holds no connection and no memory for any of them. Against the real
 * cluster, mutated requests that still decode reach the real handlers, which must answer them
 * without a single unexpected exception. FUZZ_SEED and FUZZ_RUNS override that property's fixed
 * seed and run count for longer runs by hand.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerListener } from '../../../engine/broker/listener.js';
import type { BrokerLogger } from '../../../engine/broker/logger.js';
import * as metadata from '../../../engine/protocol/apis/metadata.js';
import { readFixtures } from '../protocol/fixtures.js';
import { fakeServices } from './fake-services.js';
import { TestCluster } from './test-cluster.js';
import { until, WireClient } from './wire.js';

const corpus = readFixtures().map((f) => f.request);

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'int32'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('int32' as const),
    at: fc.nat(),
    value: fc.oneof(fc.constantFrom(-1, -2, 0, 1, 0x7fffffff, 0x10000, 0x7fff), fc.integer()),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
  }),
);

function mutate(payload: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = Buffer.from(payload);
  for (const m of mutations) {
    if (bytes.length === 0) break;
    const at = m.at % bytes.length;
    if (m.kind === 'flip') bytes[at] = m.value;
    else if (m.kind === 'int32' && at + 4 <= bytes.length) bytes.writeInt32BE(m.value, at);
    else if (m.kind === 'truncate') bytes = bytes.subarray(0, at);
    else if (m.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
  }
  return bytes;
}

/** What goes over one connection: frames with their size prefix honest or not. */
const attack: fc.Arbitrary<Buffer> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...corpus),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.integer(),
      )
      .map(([payload, mutations, honestSize, lie]) => {
        const body = mutate(payload, mutations);
        const size = Buffer.alloc(4);
        size.writeInt32BE(honestSize ? body.length : lie);
        return Buffer.concat([size, body]);
      }),
  },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ minLength: 1, maxLength: 256 }).map((bytes) => Buffer.from(bytes)),
  },
  {
    // A valid request followed by a mutated one: the first must be answered before the close.
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...corpus), fc.constantFrom(...corpus), mutation)
      .map(([ok, bad, m]) => {
        const frame = (b: Buffer) => {
          const size = Buffer.alloc(4);
          size.writeInt32BE(b.length);
          return Buffer.concat([size, b]);
        };
        return Buffer.concat([frame(ok), frame(mutate(bad, [m]))]);
      }),
  },
);

describe('broker under random and mutated frames', () => {
  const bugs: string[] = [];
  const logger: BrokerLogger = { warn: () => {}, error: (message) => void bugs.push(message) };
  let listener: BrokerListener;
  let port = 0;
  let bystander: WireClient;

  beforeAll(async () => {
    listener = new BrokerListener(fakeServices(), { logger, socketRequestMaxBytes: 1 << 20 });
    ({ port } = await listener.start());
    bystander = await WireClient.connect(port);
  });

  afterAll(async () => {
    bystander.socket.destroy();
    await listener.stop();
  });

  it('stays up, keeps serving a well-behaved client and leaks neither connections nor memory', async () => {
    expect(corpus.length).toBeGreaterThan(50);
    await fc.assert(
      fc.asyncProperty(attack, async (bytes) => {
        const c = await WireClient.connect(port);
        c.socket.end(bytes);
        await c.closed;
        const answer = await bystander.send(metadata, 12, {
          topics: null,
          allowAutoTopicCreation: false,
          includeClusterAuthorizedOperations: false,
          includeTopicAuthorizedOperations: false,
        });
        expect(answer.topics.map((t) => t.name)).toEqual(['events']);
      }),
      { seed: 20261123, numRuns: 400 },
    );
    await until(() => listener.connectionCount === 1, 5000, 'attack connections to be closed');
    await until(() => listener.memory.usedBytes === 0, 5000, 'memory to be released');
  });
});

describe('real broker under mutated requests that reach its handlers', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.start({ brokers: 1 });
    await cluster.createTopic('events', 2, 1);
  });

  afterAll(async () => {
    await cluster.stop();
  });

  it('answers or closes, never logs a handler bug, and keeps serving', async () => {
    const bystander = await cluster.client(1);
    await fc.assert(
      fc.asyncProperty(attack, async (bytes) => {
        const c = await WireClient.connect(cluster.port(1));
        c.socket.end(bytes);
        await c.closed;
        const answer = await bystander.send(metadata, 12, {
          topics: null,
          allowAutoTopicCreation: false,
          includeClusterAuthorizedOperations: false,
          includeTopicAuthorizedOperations: false,
        });
        expect(answer.topics.map((t) => t.name)).toContain('events');
      }),
      { seed: Number(process.env.FUZZ_SEED ?? 4242), numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
    expect(cluster.bugs).toEqual([]);
  });
});
