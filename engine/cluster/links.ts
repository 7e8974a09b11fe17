/**
 * In-process links between brokers. They carry the requests a network between Kafka brokers
 * would (votes, metadata fetches, heartbeats, AlterPartition, follower fetches) as typed messages,
 * and they are where network faults live: each direction of each link can be cut, delayed or made
 * lossy by any number of overlapping impairments, each added and removed by id.
 *
 * Semantics, chosen to match what a sender sees on a real network:
 * - A request or response dropped by a cut or a lossy link is silence: the sender's call fails
 *   with a `timeout` LinkError after its own timeout, never with an instant error.
 * - A request to a broker that is down, or in flight when it goes down, fails with
 *   `disconnected` (connection refused / reset), after the link's delay.
 * - Delays apply per direction, so a round trip over a link delayed by d on both sides takes 2d.
 *   With equal delays messages keep their order; a zero delay still delivers in a later turn
 *   of the event loop.
 * - Payloads are handed over by reference: a follower fetch receives the leader's Buffer slices
 *   without a copy. Receivers must treat payloads as read-only.
 *
 * Everything runs on one event loop. `Transport` is the seam a thread-per-broker variant (message
 * ports, transferring buffers) would implement instead.
 */
import type { BrokerId } from '../types.js';
import type { Random } from './random.js';

/** A table of message kinds: request and response type of each. */
export type MessageTable<Api> = { [K in keyof Api]: { request: unknown; response: unknown } };

export type Handlers<Api extends MessageTable<Api>> = {
  [K in keyof Api]: (from: BrokerId, request: Api[K]['request']) => Promise<Api[K]['response']>;
};

export class LinkError extends Error {
  override readonly name = 'LinkError';
  constructor(
    readonly reason: 'timeout' | 'disconnected',
    readonly from: BrokerId,
    readonly to: BrokerId,
    kind: string,
  ) {
    super(`${kind} ${from} → ${to}: ${reason === 'timeout' ? 'timed out' : 'disconnected'}`);
  }
}

export interface Transport<Api extends MessageTable<Api>> {
  /** The broker is up: it receives messages through these handlers. */
  attach(id: BrokerId, handlers: Handlers<Api>): void;
  /** The broker is down: calls in flight to or from it fail as `disconnected`. */
  detach(id: BrokerId): void;
  send<K extends keyof Api & string>(
    from: BrokerId,
    to: BrokerId,
    kind: K,
    request: Api[K]['request'],
    timeoutMs: number,
  ): Promise<Api[K]['response']>;
}

/** One impairment of the traffic from `from` to `to`; `null` matches every broker. */
export interface Impairment {
  readonly from: BrokerId | null;
  readonly to: BrokerId | null;
  readonly cut?: boolean;
  readonly delayMs?: number;
  /** Probability in [0, 1] that a message is dropped. */
  readonly lossRate?: number;
}

interface Endpoint<Api extends MessageTable<Api>> {
  readonly handlers: Handlers<Api>;
  readonly incarnation: number;
}

interface Call {
  readonly from: BrokerId;
  readonly to: BrokerId;
  fail(reason: 'timeout' | 'disconnected'): void;
}

export class InProcessTransport<Api extends MessageTable<Api>> implements Transport<Api> {
  private readonly endpoints = new Map<BrokerId, Endpoint<Api>>();
  private readonly inFlight = new Set<Call>();
  private readonly impairments = new Map<string, readonly Impairment[]>();
  private incarnations = 0;

  constructor(private readonly random: Random) {}

  attach(id: BrokerId, handlers: Handlers<Api>): void {
    this.detach(id);
    this.endpoints.set(id, { handlers, incarnation: ++this.incarnations });
  }

  detach(id: BrokerId): void {
    if (!this.endpoints.delete(id)) return;
    for (const call of [...this.inFlight]) {
      if (call.from === id || call.to === id) call.fail('disconnected');
    }
  }

  isAttached(id: BrokerId): boolean {
    return this.endpoints.has(id);
  }

  /** Adds (or replaces) the impairments registered under `id`. */
  impair(id: string, impairments: readonly Impairment[]): void {
    this.impairments.set(id, impairments);
  }

  clearImpairment(id: string): void {
    this.impairments.delete(id);
  }

  send<K extends keyof Api & string>(
    from: BrokerId,
    to: BrokerId,
    kind: K,
    request: Api[K]['request'],
    timeoutMs: number,
  ): Promise<Api[K]['response']> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const call: Call = {
        from,
        to,
        fail: (reason) => finish(() => reject(new LinkError(reason, from, to, kind))),
      };
      const timer = setTimeout(() => call.fail('timeout'), timeoutMs);
      const finish = (settle: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight.delete(call);
        settle();
      };
      this.inFlight.add(call);
      this.transmit(from, to, () => {
        const endpoint = this.endpoints.get(to);
        if (!endpoint) return call.fail('disconnected');
        const handler = endpoint.handlers[kind];
        let reply: Promise<Api[K]['response']>;
        try {
          reply = handler(from, request);
        } catch (err) {
          reply = Promise.reject(err);
        }
        reply.then(
          (response) => this.reply(endpoint, to, from, () => finish(() => resolve(response))),
          (err: unknown) => this.reply(endpoint, to, from, () => finish(() => reject(err))),
        );
      });
    });
  }

  /** A response travels back only if the responder is still the same incarnation. */
  private reply(endpoint: Endpoint<Api>, from: BrokerId, to: BrokerId, deliver: () => void): void {
    if (this.endpoints.get(from) !== endpoint) return;
    this.transmit(from, to, deliver);
  }

  private transmit(from: BrokerId, to: BrokerId, deliver: () => void): void {
    let delayMs = 0;
    for (const list of this.impairments.values()) {
      for (const imp of list) {
        if ((imp.from !== null && imp.from !== from) || (imp.to !== null && imp.to !== to)) continue;
        if (imp.cut) return;
        if (imp.lossRate && this.random.next() < imp.lossRate) return;
        delayMs += imp.delayMs ?? 0;
      }
    }
    // Even an undelayed message arrives in a later turn of the event loop, as from a socket: a
    // replica catching up in a loop of fetches never starves timers (heartbeats) or I/O.
    if (delayMs > 0) setTimeout(deliver, delayMs);
    else setImmediate(deliver);
  }
}

/** A broker's outbound side of a transport: `send` with the sender fixed. */
export type Sender<Api extends MessageTable<Api>> = <K extends keyof Api & string>(
  to: BrokerId,
  kind: K,
  request: Api[K]['request'],
  timeoutMs: number,
) => Promise<Api[K]['response']>;

export function senderFor<Api extends MessageTable<Api>>(
  transport: Transport<Api>,
  from: BrokerId,
): Sender<Api> {
  return (to, kind, request, timeoutMs) => transport.send(from, to, kind, request, timeoutMs);
}
