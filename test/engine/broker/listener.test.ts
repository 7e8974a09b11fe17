import { afterEach, describe, expect, it } from 'vitest';
import { parseConnectionOverrides } from '../../../engine/broker/listener-config.js';
import { BrokerListener, type ListenerOptions } from '../../../engine/broker/listener.js';
import { silentLogger } from '../../../engine/broker/logger.js';
import * as apiVersions from '../../../engine/protocol/apis/api-versions.js';
import { fakeServices } from './fake-services.js';
import { until, WireClient } from './wire.js';

const listeners: BrokerListener[] = [];
const clients: WireClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  await Promise.all(listeners.splice(0).map((l) => l.stop()));
});

async function start(options: ListenerOptions = {}): Promise<{ listener: BrokerListener; port: number }> {
  const listener = new BrokerListener(fakeServices(), { logger: silentLogger, ...options });
  listeners.push(listener);
  const { port } = await listener.start();
  return { listener, port };
}

async function connect(port: number): Promise<WireClient> {
  const c = await WireClient.connect(port);
  clients.push(c);
  return c;
}

const versionsRequest = { clientSoftwareName: '', clientSoftwareVersion: '' };

describe('listener', () => {
  it('binds loopback on a port chosen at start and stops dropping its connections', async () => {
    const { listener, port } = await start();
    expect(port).toBeGreaterThan(0);
    const c = await connect(port);
    await c.send(apiVersions, 2, versionsRequest);
    await listener.stop();
    await c.closed;
    await expect(WireClient.connect(port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('closes a connection past max.connections.per.ip at once, honouring overrides', async () => {
    const { listener, port } = await start({ maxConnectionsPerIp: 1 });
    const first = await connect(port);
    const second = await connect(port);
    await second.closed;
    expect((await first.send(apiVersions, 2, versionsRequest)).errorCode).toBe(0);
    await first.close();
    await until(() => listener.connectionCount === 0, 5000, 'the first connection to close');
    const third = await connect(port);
    expect((await third.send(apiVersions, 2, versionsRequest)).errorCode).toBe(0);

    const relaxed = await start({ maxConnectionsPerIp: 1, maxConnectionsPerIpOverrides: { '127.0.0.1': 2 } });
    const a = await connect(relaxed.port);
    const b = await connect(relaxed.port);
    await Promise.all([a.send(apiVersions, 2, versionsRequest), b.send(apiVersions, 2, versionsRequest)]);
  });

  it('holds a connection past max.connections unserved until another closes', async () => {
    const { listener, port } = await start({ maxConnections: 1 });
    const first = await connect(port);
    await first.send(apiVersions, 2, versionsRequest);
    const second = await connect(port);
    const waiting = second.send(apiVersions, 2, versionsRequest);
    await until(
      () => listener.connectionStats().some((s) => s.pausedFor.includes('held')),
      5000,
      'a held connection',
    );
    expect(second.arrivals).toEqual([]);
    await first.close();
    expect((await waiting).errorCode).toBe(0);
  });

  it('counts the bytes clients sent and received, and keeps them when connections close', async () => {
    const { listener, port } = await start();
    expect(listener.traffic()).toEqual({ bytesIn: 0, bytesOut: 0 });
    const a = await connect(port);
    const b = await connect(port);
    await a.send(apiVersions, 2, versionsRequest);
    await b.send(apiVersions, 3, versionsRequest);
    await b.send(apiVersions, 3, versionsRequest);
    const sent = a.socket.bytesWritten + b.socket.bytesWritten;
    const received = a.socket.bytesRead + b.socket.bytesRead;
    expect(received).toBeGreaterThan(sent);
    expect(listener.traffic()).toEqual({ bytesIn: sent, bytesOut: received });
    await a.close();
    await until(() => listener.connectionCount === 1, 5000, 'the first connection to close');
    expect(listener.traffic()).toEqual({ bytesIn: sent, bytesOut: received });
  });

  it('parses max.connections.per.ip.overrides as Kafka writes it', () => {
    expect(parseConnectionOverrides('127.0.0.1:5, localhost:2,::1:7')).toEqual({
      '127.0.0.1': 5,
      localhost: 2,
      '::1': 7,
    });
    expect(parseConnectionOverrides('')).toEqual({});
    expect(() => parseConnectionOverrides('host')).toThrow(RangeError);
  });
});
