/** Free loopback ports, chosen by the kernel (listen on port 0) at run time. */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

/** Returns `count` distinct ports that were free a moment ago on 127.0.0.1. */
export async function freePorts(count: number): Promise<number[]> {
  // Hold every socket open until all are chosen, so the kernel cannot hand out one port twice.
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port assigned');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('no port assigned');
  return port;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The first port the kernel hands out to `listen(0)` and outgoing connections. */
function ephemeralRangeStart(): number {
  try {
    return (
      Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768
    );
  } catch {
    return 32_768;
  }
}

/**
 * A base port with the next `count - 1` free too (a cluster whose broker i listens on base + i - 1).
 * Chosen below the kernel's ephemeral range, so no port the kernel assigns to another test's
 * listener or client connection can take one of them before the cluster binds it.
 */
export async function freePortRun(count: number): Promise<number> {
  const low = 10_000;
  const high = Math.max(low + 1_000, ephemeralRangeStart()) - count;
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = low + Math.floor(Math.random() * (high - low));
    const checks = await Promise.all(Array.from({ length: count }, (_, i) => isFree(base + i)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found on 127.0.0.1`);
}
