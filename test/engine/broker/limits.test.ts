/**
 * The listener limits set by a cluster's broker configs (what `brokerlab cluster --config` passes),
 * enforced on real sockets: connections per client address with overrides, the frame size, and
 * every limit reported back by DescribeConfigs. Each limit's behaviour in detail is tested in
 * listener.test.ts and connection.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerListener } from '../../../engine/broker/listener.js';
import { listenerFactory } from '../../../engine/broker/listener.js';
import { silentLogger } from '../../../engine/broker/logger.js';
import { startCluster, type Cluster } from '../../../engine/cluster/cluster.js';
import * as apiVersions from '../../../engine/protocol/apis/api-versions.js';
import * as describeConfigs from '../../../engine/protocol/apis/describe-configs.js';
import { ConfigResourceType } from '../../../engine/protocol/apis/describe-configs.js';
import { WireClient } from './wire.js';

const limits = {
  'socket.request.max.bytes': '2000',
  'max.connections': '50',
  'max.connections.per.ip': '1',
  'max.connections.per.ip.overrides': '127.0.0.2:2',
  'connections.max.idle.ms': '120000',
  'queued.max.request.bytes': '8192',
  'max.in.flight.requests.per.connection': '4',
};

let dataDir: string;
let cluster: Cluster;
const listeners: BrokerListener[] = [];
const clients: WireClient[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-limits-test-'));
  const make = listenerFactory({ logger: silentLogger });
  cluster = await startCluster({
    dataDir,
    brokers: 1,
    config: { 'auto.create.topics.enable': 'false', ...limits },
    listener: (services, placement) => {
      const listener = make(services, placement);
      listeners.push(listener);
      return listener;
    },
  });
});

afterAll(async () => {
  for (const c of clients) c.socket.destroy();
  await cluster?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function connect(from: string): Promise<WireClient> {
  const c = await WireClient.connect(cluster.broker(1).address.port, '127.0.0.1', from);
  clients.push(c);
  return c;
}

const versionsRequest = { clientSoftwareName: '', clientSoftwareVersion: '' };

/** Resolves true when the broker closes the connection before answering ApiVersions. */
async function refused(c: WireClient): Promise<boolean> {
  const answer = c.send(apiVersions, 3, versionsRequest).then(
    () => false,
    () => true,
  );
  return Promise.race([c.closed.then(() => true), answer]);
}

describe('listener limits from broker configs', () => {
  it("hands every limit to the broker's listener", () => {
    expect(listeners[0]!.config).toMatchObject({
      socketRequestMaxBytes: 2000,
      maxConnections: 50,
      maxConnectionsPerIp: 1,
      maxConnectionsPerIpOverrides: { '127.0.0.2': 2 },
      connectionsMaxIdleMs: 120_000,
      queuedMaxRequestBytes: 8192,
      maxInFlightRequestsPerConnection: 4,
    });
    expect(listeners[0]!.memory.capacity).toBe(8192);
  });

  it('closes connections past max.connections.per.ip, with the override for its address', async () => {
    const first = await connect('127.0.0.1');
    expect(await refused(first)).toBe(false);
    expect(await refused(await connect('127.0.0.1'))).toBe(true);

    const a = await connect('127.0.0.2');
    const b = await connect('127.0.0.2');
    expect(await refused(a)).toBe(false);
    expect(await refused(b)).toBe(false);
    expect(await refused(await connect('127.0.0.2'))).toBe(true);
    await Promise.all([first.close(), a.close(), b.close()]);
  });

  it('closes a connection sending a frame over socket.request.max.bytes', async () => {
    const c = await connect('127.0.0.3');
    const size = Buffer.alloc(4);
    size.writeInt32BE(2001);
    c.write(size);
    await c.closed;
    expect(await refused(await connect('127.0.0.5'))).toBe(false);
  });

  it('reports the limits through DescribeConfigs as static broker configs', async () => {
    const c = await connect('127.0.0.4');
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
