/** Free loopback ports for benchmarks that start the embedded cluster (broker i on base + i − 1). */
import { createServer } from 'node:net';

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A base port with `count` free ports from it. */
export async function freeBasePort(count: number): Promise<number> {
  for (let base = 20_000 + Math.floor(Math.random() * 20_000); ; base += count) {
    const free = await Promise.all(Array.from({ length: count }, (_, i) => canListen(base + i)));
    if (free.every(Boolean)) return base;
  }
}
