import { describe, expect, it } from 'vitest';
import { InProcessTransport, LinkError } from '../../../engine/cluster/links.js';
import { seededRandom } from '../../../engine/cluster/random.js';
import { asBrokerId } from '../../../engine/types.js';

interface Echo {
  echo: { request: { payload: Buffer; n: number }; response: { payload: Buffer; n: number; at: number } };
}

const one = asBrokerId(1);
const two = asBrokerId(2);

function pair(seed = 1): InProcessTransport<Echo> {
  const transport = new InProcessTransport<Echo>(seededRandom(seed));
  for (const id of [one, two])
    transport.attach(id, { echo: async (_from, req) => ({ ...req, at: Date.now() }) });
  return transport;
}

describe('InProcessTransport', () => {
  it('delivers requests and hands buffers over without copying', async () => {
    const payload = Buffer.from('bytes');
    const reply = await pair().send(one, two, 'echo', { payload, n: 1 }, 1000);
    expect(reply.payload).toBe(payload);
  });

  it('a cut link looks like a timeout to the sender, not an instant error', async () => {
    const transport = pair();
    transport.impair('cut', [{ from: one, to: two, cut: true }]);
    const started = Date.now();
    const error = await transport
      .send(one, two, 'echo', { payload: Buffer.alloc(0), n: 1 }, 50)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LinkError);
    expect((error as LinkError).reason).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    // Calls the other way time out too: their replies travel the cut direction.
    await expect(
      transport.send(two, one, 'echo', { payload: Buffer.alloc(0), n: 2 }, 30),
    ).rejects.toMatchObject({
      reason: 'timeout',
    });
    transport.clearImpairment('cut');
    await expect(
      transport.send(one, two, 'echo', { payload: Buffer.alloc(0), n: 3 }, 50),
    ).resolves.toMatchObject({ n: 3 });
  });

  it('a cut response direction also times out', async () => {
    const transport = pair();
    transport.impair('back', [{ from: two, to: one, cut: true }]);
    await expect(
      transport.send(one, two, 'echo', { payload: Buffer.alloc(0), n: 1 }, 30),
    ).rejects.toMatchObject({
      reason: 'timeout',
    });
  });

  it('a broker that goes down fails calls in flight as disconnected', async () => {
    const transport = new InProcessTransport<Echo>(seededRandom(1));
    transport.attach(one, { echo: async (_f, req) => ({ ...req, at: 0 }) });
    transport.attach(two, { echo: () => new Promise(() => undefined) });
    const call = transport.send(one, two, 'echo', { payload: Buffer.alloc(0), n: 1 }, 5000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    transport.detach(two);
    await expect(call).rejects.toMatchObject({ reason: 'disconnected' });
    await expect(
      transport.send(one, two, 'echo', { payload: Buffer.alloc(0), n: 2 }, 5000),
    ).rejects.toMatchObject({
      reason: 'disconnected',
    });
  });

  it('delays each direction and keeps the order of messages', async () => {
    const transport = pair();
    transport.impair('slow', [{ from: one, to: two, delayMs: 40 }]);
    const started = Date.now();
    const replies = await Promise.all(
      [1, 2, 3].map((n) => transport.send(one, two, 'echo', { payload: Buffer.alloc(0), n }, 1000)),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(38);
    expect(replies.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(replies[0]!.at).toBeLessThanOrEqual(replies[2]!.at);
  });

  it('drops the same messages for the same seed on a lossy link', async () => {
    const outcome = async (seed: number) => {
      const transport = pair(seed);
      transport.impair('lossy', [{ from: one, to: two, lossRate: 0.5 }]);
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, n) =>
          transport.send(one, two, 'echo', { payload: Buffer.alloc(0), n }, 20),
        ),
      );
      return results.map((r) => r.status);
    };
    const first = await outcome(5);
    expect(await outcome(5)).toEqual(first);
    expect(first.filter((s) => s === 'rejected').length).toBeGreaterThan(0);
    expect(first.filter((s) => s === 'fulfilled').length).toBeGreaterThan(0);
  });
});
