/**
 * The active controller's record of when each broker last heartbeated (Kafka's
 * BrokerHeartbeatManager). A broker that stays silent longer than `broker.session.timeout.ms`
 * is fenced. A newly active controller knows nothing of the past, so it starts every broker's
 * clock at its own activation, as Kafka does: a broker that died just before a controller
 * failover is fenced one session timeout after the new controller took over.
 *
 * Brokers and controller share one event loop: when the loop itself stalls (a long synchronous
 * log recovery), every broker looks silent although none is. The check notices that it ran late
 * and credits the stall to everyone instead of fencing the whole cluster.
 */
import type { BrokerId } from '../../types.js';

export class BrokerHeartbeats {
  private readonly lastContact = new Map<BrokerId, number>();
  private lastCheckMs: number;

  constructor(
    private readonly sessionTimeoutMs: number,
    private readonly checkIntervalMs: number,
    nowMs: number,
  ) {
    this.lastCheckMs = nowMs;
  }

  touch(id: BrokerId, nowMs: number): void {
    this.lastContact.set(id, nowMs);
  }

  forget(id: BrokerId): void {
    this.lastContact.delete(id);
  }

  /** Of the given brokers, those silent for longer than the session timeout. */
  expired(brokers: readonly BrokerId[], nowMs: number): BrokerId[] {
    const stall = nowMs - this.lastCheckMs - this.checkIntervalMs;
    this.lastCheckMs = nowMs;
    if (stall > this.checkIntervalMs) {
      for (const [id, at] of this.lastContact) this.lastContact.set(id, at + stall);
    }
    return brokers.filter((id) => {
      const at = this.lastContact.get(id);
      if (at === undefined) {
        // First seen by this controller now: its session starts now.
        this.lastContact.set(id, nowMs);
        return false;
      }
      return nowMs - at > this.sessionTimeoutMs;
    });
  }
}
