/**
 * The listener limits set by a cluster's broker configs (what `brokerlab cluster --config` passes),
 * enforced on real sockets: connections per client address with overrides, the frame size, the
 * memory held by fetch responses a client does not read, and every limit reported back by
 * DescribeConfigs. Each limit's behaviour in detail is tested in listener.test.ts and
 * connection.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerListener } from '../../../engine/broker/listener.js';
import { listenerFactory } from '../../../engine/broker/listener.js';
import { silentLogger } from '../../../engine/broker/logger.js';
import { startCluster, type Cluster } from '../../../engine/cluster/cluster.js';
import type { ClusterConfigInput } from '../../../engine/cluster/config.js';
import * as apiVersions from '../../../engine/protocol/apis/api-versions.js';
import * as createTopics from '../../../engine/protocol/apis/create-topics.js';
import * as describeConfigs from '../../../engine/protocol/apis/describe-configs.js';
import { ConfigResourceType } from '../../../engine/protocol/apis/describe-configs.js';
import * as fetchApi from '../../../engine/protocol/apis/fetch.js';
import * as produce from '../../../engine/protocol/apis/produce.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { batch, fetchRequest, produceRequest } from './requests.js';
import { until, WireClient } from './wire.js';

/** A one-broker cluster started with these broker configs, and the listener it was given. */
interface Running {
  readonly cluster: Cluster;
  readonly listener: BrokerListener;
  readonly dataDir: string;
}

const clients: WireClient[] = [];

async function startWith(config: ClusterConfigInput): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-limits-test-'));
  const make = listenerFactory({ logger: silentLogger });
  const made: BrokerListener[] = [];
  const cluster = await startCluster({
    dataDir,
    brokers: 1,
    config: { 'auto.create.topics.enable': 'false', ...config },
    listener: (services, placement) => {
      const listener = make(services, placement);
      made.push(listener);
      return listener;
    },
  });
  return { cluster, listener: made[0]!, dataDir };
}

async function stop(running: Running | undefined): Promise<void> {
  if (running === undefined) return;
  await running.cluster.stop();
  rmSync(running.dataDir, { recursive: true, force: true });
}

async function connect(running: Running, from = '127.0.0.1'): Promise<WireClient> {
  const c = await WireClient.connect(running.cluster.broker(1).address.port, '127.0.0.1', from);
  clients.push(c);
  return c;
}

afterAll(() => {
  for (const c of clients) c.socket.destroy();
});

const versionsRequest = { clientSoftwareName: '', clientSoftwareVersion: '' };

/** Resolves true when the broker closes the connection before answering ApiVersions. */
async function refused(c: WireClient): Promise<boolean> {
  const answer = c.send(apiVersions, 2, versionsRequest).then(
    () => false,
    () => true,
  );
  return Promise.race([c.closed.then(() => true), answer]);
}

const limits = {
  'socket.request.max.bytes': '2000',
  'max.connections': '50',
  'max.connections.per.ip': '1',
  'max.connections.per.ip.overrides': '127.0.0.2:2',
  'connections.max.idle.ms': '120000',
  'queued.max.request.bytes': '8192',
  'max.in.flight.requests.per.connection': '4',
};

describe('listener limits from broker configs', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startWith(limits);
  });
  afterAll(() => stop(running));

  it("hands every limit to the broker's listener", () => {
    expect(running.listener.config).toMatchObject({
      socketRequestMaxBytes: 2000,
      maxConnections: 50,
      maxConnectionsPerIp: 1,
      maxConnectionsPerIpOverrides: { '127.0.0.2': 2 },
      connectionsMaxIdleMs: 120_000,
      queuedMaxRequestBytes: 8192,
      maxInFlightRequestsPerConnection: 4,
    });
    expect(running.listener.memory.capacity).toBe(8192);
  });

  it('closes connections past max.connections.per.ip, with the override for its address', async () => {
    const first = await connect(running, '127.0.0.1');
    expect(await refused(first)).toBe(false);
    expect(await refused(await connect(running, '127.0.0.1'))).toBe(true);

    const a = await connect(running, '127.0.0.2');
    const b = await connect(running, '127.0.0.2');
    expect(await refused(a)).toBe(false);
    expect(await refused(b)).toBe(false);
    expect(await refused(await connect(running, '127.0.0.2'))).toBe(true);
    await Promise.all([first.close(), a.close(), b.close()]);
  });

  it('closes a connection sending a frame over socket.request.max.bytes', async () => {
    const c = await connect(running, '127.0.0.3');
    const size = Buffer.alloc(4);
    size.writeInt32BE(2001);
    c.write(size);
    await c.closed;
    expect(await refused(await connect(running, '127.0.0.5'))).toBe(false);
  });

  it('reports the limits through DescribeConfigs as static broker configs', async () => {
    const c = await connect(running, '127.0.0.4');
    const response = await c.send(describeConfigs, 4, {
      resources: [
        {
          resourceType: ConfigResourceType.BROKER,
          resourceName: '1',
          configurationKeys: Object.keys(limits),
        },
      ],
      includeSynonyms: false,
      includeDocumentation: false,
    });
    const configs = response.results[0]!.configs;
    expect(Object.fromEntries(configs.map((entry) => [entry.name, entry.value]))).toEqual(limits);
    expect(configs.find((entry) => entry.name === 'max.connections.per.ip.overrides')?.configType).toBe(2);
    await c.close();
  });
});

describe('memory for buffered fetch responses (queued.max.request.bytes)', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startWith({
      'socket.request.max.bytes': String(2 << 20),
      'queued.max.request.bytes': String(2 << 20),
    });
  });
  afterAll(() => stop(running));

  it('stops reading requests while responses a client does not read fill the budget, and resumes as they drain', async () => {
    const admin = await connect(running);
    const created = await admin.send(createTopics, 7, {
      topics: [{ name: 'big', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 10_000,
      validateOnly: false,
    });
    expect(created.topics[0]!.errorCode).toBe(ErrorCode.NONE);
    await until(
      () => running.cluster.broker(1).services.metadata.topic('big')?.partitions[0]?.leader === 1,
      10_000,
      'the topic led by broker 1',
    );
    // One record of about 1 MB: every fetch from offset 0 answers with all of it.
    const produced = await admin.send(produce, 9, produceRequest('big', 0, batch(['x'.repeat(1_000_000)])));
    expect(produced.responses[0]!.partitionResponses[0]!.errorCode).toBe(ErrorCode.NONE);
    await admin.close();

    const { listener } = running;
    const slow = await connect(running);
    slow.socket.pause();
    // Rounds of 32 fetches of 1 MB each, another round whenever the last was written without
    // filling the budget: however much the loopback socket buffers absorb, the rest is held here.
    const fetches: Promise<fetchApi.FetchResponse>[] = [];
    const sendRound = (): void => {
      for (let i = 0; i < 32; i++) {
        const request = fetchRequest([{ topic: 'big', partition: 0, offset: 0 }]);
        fetches.push(slow.sendWith(fetchApi, 12, request).response);
      }
    };
    sendRound();
    await until(
      () => {
        if (listener.memory.exhausted) return true;
        const idle = listener.connectionStats().every((s) => s.inFlight === 0);
        if (idle && fetches.length < 256) sendRound();
        return false;
      },
      20_000,
      'the memory budget filled by unread responses',
    );
    // Written responses wait in its socket's buffer: it reads nothing more, nor does anyone else.
    expect(listener.connectionStats()).toContainEqual(
      expect.objectContaining({ pausedFor: expect.arrayContaining(['drain', 'memory']) }),
    );

    const other = await connect(running);
    const answer = other.sendWith(apiVersions, 2, versionsRequest).response;
    await until(
      () => listener.connectionStats().filter((s) => s.pausedFor.includes('memory')).length === 2,
      10_000,
      'the new connection held back by memory',
    );
    expect(other.arrivals).toEqual([]);

    slow.socket.resume();
    for (const response of await Promise.all(fetches)) {
      const partition = response.responses[0]!.partitions[0]!;
      expect(partition.errorCode).toBe(ErrorCode.NONE);
      expect(partition.records!.length).toBeGreaterThan(1_000_000);
    }
    expect((await answer).errorCode).toBe(ErrorCode.NONE);
    await until(() => listener.memory.usedBytes === 0, 10_000, 'every response written and released');
  });
});
