/**
 * Faults injected on purpose, each reversible and any number at once: kill a broker (a crash),
 * stop it gracefully (controlled shutdown first), start it again; isolate it from the other
 * brokers, from clients, or both; delay or drop traffic on its links (all of them, or the one to
 * a peer); make its disk slow or full. Every fault gets an id; `heal(id)` undoes one, `heal()`
 * all of them (newest first). Injecting and healing are cluster events.
 *
 * Link faults act on both directions of the links they touch: a delay of d ms adds d to each
 * way, so 2d to a round trip; a loss rate p drops each message (request or answer) with
 * probability p, from the cluster's seeded generator.
 */
import type { BrokerId } from '../types.js';
import type { BrokerIsolation, EventLog, FaultDescription, FaultKind } from './events.js';
import type { LinkMessages } from './link-messages.js';
import type { Impairment, InProcessTransport } from './links.js';
import type { BrokerNode } from './node/broker-node.js';

/** What the fault injector may do to the cluster. */
export interface FaultTarget {
  readonly transport: InProcessTransport<LinkMessages>;
  readonly events: EventLog;
  /** Whether a kill loses data that was not fsynced, unless the kill says otherwise. */
  readonly killLosesUnflushedData: boolean;
  node(id: BrokerId): BrokerNode;
  killBroker(id: BrokerId, loseUnflushedData: boolean): void;
  stopBroker(id: BrokerId): Promise<void>;
  startBroker(id: BrokerId): Promise<void>;
}

interface ActiveFault {
  readonly description: FaultDescription;
  readonly heal: () => Promise<void> | void;
  readonly isolation?: BrokerIsolation;
  /** The latency of a slow-disk fault. */
  readonly ms?: number;
}

export class Faults {
  private readonly active = new Map<string, ActiveFault>();
  private counter = 0;

  constructor(private readonly target: FaultTarget) {}

  /** The faults in force, oldest first. */
  list(): FaultDescription[] {
    return [...this.active.values()].map((f) => f.description);
  }

  /** How a broker is cut off, if it is: from brokers, from clients, or all. */
  isolation(brokerId: BrokerId): BrokerIsolation | null {
    let brokers = false;
    let clients = false;
    for (const fault of this.active.values()) {
      if (fault.description.brokerId !== brokerId || !fault.isolation) continue;
      brokers ||= fault.isolation !== 'clients';
      clients ||= fault.isolation !== 'brokers';
    }
    return brokers && clients ? 'all' : brokers ? 'brokers' : clients ? 'clients' : null;
  }

  /** A crash: links and listener drop at once, in-memory state is gone. */
  async kill(brokerId: BrokerId, options: { loseUnflushedData?: boolean } = {}): Promise<FaultDescription> {
    this.mustBeRunning(brokerId);
    const lose = options.loseUnflushedData ?? this.target.killLosesUnflushedData;
    this.target.killBroker(brokerId, lose);
    this.target.events.emit({ type: 'broker-down', brokerId, graceful: false });
    return this.add(
      'kill',
      brokerId,
      null,
      `kill broker ${brokerId}${lose ? ' (unflushed data lost)' : ''}`,
      {
        heal: () => this.startAndReport(brokerId),
      },
    );
  }

  /** A graceful stop: leadership moves away first (controlled shutdown). */
  async stop(brokerId: BrokerId): Promise<FaultDescription> {
    this.mustBeRunning(brokerId);
    await this.target.stopBroker(brokerId);
    this.target.events.emit({ type: 'broker-down', brokerId, graceful: true });
    return this.add('stop', brokerId, null, `stop broker ${brokerId}`, {
      heal: () => this.startAndReport(brokerId),
    });
  }

  /** Starts a killed or stopped broker again (healing its kill or stop fault). */
  async start(brokerId: BrokerId): Promise<void> {
    const fault = [...this.active.values()].find(
      (f) =>
        f.description.brokerId === brokerId &&
        (f.description.kind === 'kill' || f.description.kind === 'stop'),
    );
    if (fault) return this.heal(fault.description.id);
    if (this.target.node(brokerId).processState === 'stopped') await this.startAndReport(brokerId);
  }

  isolate(brokerId: BrokerId, from: BrokerIsolation = 'all'): FaultDescription {
    this.target.node(brokerId);
    const id = this.nextId();
    if (from !== 'clients') {
      this.target.transport.impair(id, [
        { from: brokerId, to: null, cut: true },
        { from: null, to: brokerId, cut: true },
      ]);
    }
    if (from !== 'brokers') this.target.node(brokerId).isolateClients(true);
    this.target.events.emit({ type: 'broker-isolated', brokerId, from });
    return this.add('isolate', brokerId, null, `isolate broker ${brokerId} from ${from}`, {
      id,
      isolation: from,
      heal: () => {
        this.target.transport.clearImpairment(id);
        if (this.isolation(brokerId) === null || this.isolation(brokerId) === 'brokers') {
          this.target.node(brokerId).isolateClients(false);
        }
        if (this.isolation(brokerId) === null) this.target.events.emit({ type: 'broker-rejoined', brokerId });
      },
    });
  }

  /** Delays every message on the broker's links (or only those to and from `peer`) by `ms` each way. */
  delay(brokerId: BrokerId, ms: number, options: { peer?: BrokerId } = {}): FaultDescription {
    if (!(ms >= 0)) throw new RangeError(`delay must be ≥ 0 ms, not ${ms}`);
    return this.linkFault('delay', brokerId, options.peer ?? null, { delayMs: ms }, `delay ${ms} ms`);
  }

  /** Drops each message on the broker's links (or those to and from `peer`) with probability `rate`. */
  loss(brokerId: BrokerId, rate: number, options: { peer?: BrokerId } = {}): FaultDescription {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`loss rate must be in [0, 1], not ${rate}`);
    return this.linkFault(
      'loss',
      brokerId,
      options.peer ?? null,
      { lossRate: rate },
      `drop ${Math.round(rate * 100)}%`,
    );
  }

  /**
   * The broker's disk takes `ms` per write: each leader append lands `ms` later, one at a time
   * and in order; each follower append holds its fetcher as long; fetch answers carrying records
   * come `ms` later.
   */
  slowDisk(brokerId: BrokerId, ms: number): FaultDescription {
    if (!(ms >= 0)) throw new RangeError(`slow disk latency must be ≥ 0 ms, not ${ms}`);
    const disk = this.target.node(brokerId).disk;
    disk.slowMs = Math.max(disk.slowMs, ms);
    return this.add(
      'slow-disk',
      brokerId,
      null,
      `slow disk on broker ${brokerId} (+${ms} ms per write and read)`,
      {
        heal: () => {
          disk.slowMs = Math.max(0, ...this.others('slow-disk', brokerId).map((f) => f.ms));
        },
        ms,
      },
    );
  }

  /** Appends on the broker fail with KAFKA_STORAGE_ERROR; its logs stay readable. */
  fullDisk(brokerId: BrokerId): FaultDescription {
    const disk = this.target.node(brokerId).disk;
    disk.full = true;
    return this.add('full-disk', brokerId, null, `full disk on broker ${brokerId}`, {
      heal: () => {
        disk.full = this.others('full-disk', brokerId).length > 0;
      },
    });
  }

  /** Undoes one fault, or every fault (newest first) when no id is given. */
  async heal(id?: string): Promise<void> {
    const ids = id === undefined ? [...this.active.keys()].reverse() : [id];
    for (const faultId of ids) {
      const fault = this.active.get(faultId);
      if (!fault) {
        if (id !== undefined) throw new Error(`no active fault ${id}`);
        continue;
      }
      this.active.delete(faultId);
      await fault.heal();
      this.target.events.emit({ type: 'fault-healed', fault: fault.description });
    }
  }

  private linkFault(
    kind: 'delay' | 'loss',
    brokerId: BrokerId,
    peer: BrokerId | null,
    impairment: Pick<Impairment, 'delayMs' | 'lossRate'>,
    what: string,
  ): FaultDescription {
    this.target.node(brokerId);
    if (peer !== null) this.target.node(peer);
    const id = this.nextId();
    this.target.transport.impair(id, [
      { from: brokerId, to: peer, ...impairment },
      { from: peer, to: brokerId, ...impairment },
    ]);
    const on = peer === null ? `all links of broker ${brokerId}` : `${brokerId} ⇄ ${peer}`;
    return this.add(kind, brokerId, peer, `${what} on ${on}`, {
      id,
      heal: () => this.target.transport.clearImpairment(id),
    });
  }

  private add(
    kind: FaultKind,
    brokerId: BrokerId,
    peerId: BrokerId | null,
    summary: string,
    fault: Omit<ActiveFault, 'description'> & { id?: string },
  ): FaultDescription {
    const description: FaultDescription = { id: fault.id ?? this.nextId(), kind, brokerId, peerId, summary };
    const { id: _id, ...rest } = fault;
    this.active.set(description.id, { ...rest, description });
    this.target.events.emit({ type: 'fault-injected', fault: description });
    return description;
  }

  /** The other active faults of a kind on a broker (the healed one is already gone). */
  private others(kind: FaultKind, brokerId: BrokerId): { ms: number }[] {
    return [...this.active.values()]
      .filter((f) => f.description.kind === kind && f.description.brokerId === brokerId)
      .map((f) => ({ ms: f.ms ?? 0 }));
  }

  private async startAndReport(brokerId: BrokerId): Promise<void> {
    await this.target.startBroker(brokerId);
    this.target.events.emit({ type: 'broker-up', brokerId });
  }

  private mustBeRunning(brokerId: BrokerId): void {
    if (this.target.node(brokerId).processState === 'stopped')
      throw new Error(`broker ${brokerId} is not running`);
  }

  private nextId(): string {
    return `fault-${++this.counter}`;
  }
}
