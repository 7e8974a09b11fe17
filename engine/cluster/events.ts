/**
 * The cluster's event stream: every fault and every consequence of one (fencing, elections, ISR
 * changes, offline partitions) as a typed, timestamped event, delivered in order to listeners and
 * kept in a bounded buffer of recent events for late subscribers (a console opening its timeline).
 *
 * Events about committed metadata (leaders, ISR, fencing, topics, configs) are derived once per
 * committed metadata record, so every event describes a decision the quorum actually made.
 */
import type { GroupEventBody } from '../groups/events.js';
import type { BrokerId, LeaderEpoch } from '../types.js';

export type BrokerIsolation = 'brokers' | 'clients' | 'all';

export interface FaultDescription {
  /** Id to heal this fault with. */
  readonly id: string;
  readonly kind: FaultKind;
  readonly brokerId: BrokerId;
  /** The other end, for faults on one link between two brokers. */
  readonly peerId: BrokerId | null;
  /** A short human description, e.g. "delay 200 ms on 1 ⇄ 2". */
  readonly summary: string;
}

export type FaultKind = 'kill' | 'stop' | 'isolate' | 'delay' | 'loss' | 'slow-disk' | 'full-disk';

interface PartitionRef {
  readonly topic: string;
  readonly partition: number;
}

interface IsrChange {
  /** The ISR after the change. */
  readonly isr: readonly BrokerId[];
  /** The brokers that left (shrunk) or joined (expanded). */
  readonly changed: readonly BrokerId[];
}

export type ClusterEventBody =
  | { readonly type: 'broker-up'; readonly brokerId: BrokerId }
  | { readonly type: 'broker-down'; readonly brokerId: BrokerId; readonly graceful: boolean }
  | { readonly type: 'broker-fenced'; readonly brokerId: BrokerId }
  | { readonly type: 'broker-unfenced'; readonly brokerId: BrokerId }
  | { readonly type: 'broker-isolated'; readonly brokerId: BrokerId; readonly from: BrokerIsolation }
  | { readonly type: 'broker-rejoined'; readonly brokerId: BrokerId }
  | {
      readonly type: 'controller-changed';
      readonly controllerId: BrokerId | -1;
      readonly previousControllerId: BrokerId | -1;
      readonly epoch: number;
    }
  | (PartitionRef & {
      readonly type: 'leader-changed';
      readonly oldLeader: BrokerId | -1;
      readonly newLeader: BrokerId | -1;
      readonly leaderEpoch: LeaderEpoch;
      /** The new leader was not in the ISR: records only the old ISR had are lost. */
      readonly unclean: boolean;
    })
  | (PartitionRef & IsrChange & { readonly type: 'isr-shrunk' })
  | (PartitionRef & IsrChange & { readonly type: 'isr-expanded' })
  | (PartitionRef & { readonly type: 'partition-offline' })
  | (PartitionRef & { readonly type: 'partition-online' })
  | { readonly type: 'under-replicated-changed'; readonly count: number; readonly previous: number }
  | { readonly type: 'fault-injected'; readonly fault: FaultDescription }
  | { readonly type: 'fault-healed'; readonly fault: FaultDescription }
  | {
      readonly type: 'topic-created';
      readonly topic: string;
      readonly topicId: string;
      readonly partitions: number;
    }
  | { readonly type: 'topic-deleted'; readonly topic: string; readonly topicId: string }
  | {
      readonly type: 'config-changed';
      readonly resourceType: 'topic' | 'broker';
      readonly resourceName: string;
      readonly name: string;
      readonly value: string | null;
    }
  | GroupEventBody;

export type ClusterEvent = ClusterEventBody & {
  /** Position in the stream, from 1; never reused within one running cluster. */
  readonly seq: number;
  /** Wall-clock milliseconds. */
  readonly timestamp: number;
};

export type ClusterEventType = ClusterEvent['type'];
export type ClusterEventListener = (event: ClusterEvent) => void;

/** The stream: emit in order, deliver synchronously, keep the last `capacity` events. */
export class EventLog {
  private readonly buffer: ClusterEvent[] = [];
  private readonly listeners = new Set<ClusterEventListener>();
  private seq = 0;

  constructor(
    private readonly now: () => number,
    private readonly capacity = 1000,
  ) {}

  emit(body: ClusterEventBody): ClusterEvent {
    const event = { ...body, seq: ++this.seq, timestamp: this.now() } as ClusterEvent;
    this.buffer.push(event);
    if (this.buffer.length > this.capacity) this.buffer.splice(0, this.buffer.length - this.capacity);
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's bug must not stop the cluster or the other listeners.
      }
    }
    return event;
  }

  /** Subscribes; the returned function unsubscribes. */
  onEvent(listener: ClusterEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The buffered events, oldest first, optionally only those after `afterSeq`. */
  recent(afterSeq = 0): readonly ClusterEvent[] {
    return this.buffer.filter((e) => e.seq > afterSeq);
  }
}
