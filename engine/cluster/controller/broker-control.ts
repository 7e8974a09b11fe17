/**
 * Broker lifecycle on the controller (Kafka's ClusterControlManager with the fencing parts of
 * the QuorumController): registration, heartbeats, fencing and unfencing, controlled shutdown,
 * and producer-id blocks.
 *
 * - A broker registers with a new incarnation id at every start and gets a new broker epoch (the
 *   offset of its RegisterBroker record). It starts fenced. A new incarnation replaces the old
 *   one at once: the old one is gone, so its leaderships move and it leaves every ISR.
 * - A fenced broker is unfenced by a heartbeat once it has caught up with the metadata up to its
 *   own registration; then partitions without a leader that it can lead get one.
 * - Controlled shutdown: the broker asks; the controller moves its leaderships away and takes it
 *   out of every ISR, and once the broker has seen those changes, fences it and lets it go.
 */
import { ErrorCode } from '../../protocol/errors.js';
import type { BrokerId } from '../../types.js';
import type { ClusterSettings } from '../config.js';
import type {
  AllocateProducerIdsRequest,
  AllocateProducerIdsResponse,
  BrokerHeartbeatRequest,
  BrokerHeartbeatResponse,
  BrokerRegistrationRequest,
  BrokerRegistrationResponse,
} from './messages.js';
import { electLeaderlessPartitions, removeBrokerFromPartitions } from './partition-control.js';
import type { RecordSink } from './record-sink.js';

/** Kafka hands out producer ids in blocks of 1000 per broker. */
export const PRODUCER_ID_BLOCK_SIZE = 1000;

export function registerBroker(
  sink: RecordSink,
  settings: ClusterSettings,
  clusterId: string,
  request: BrokerRegistrationRequest,
): BrokerRegistrationResponse {
  if (request.clusterId !== clusterId)
    return { errorCode: ErrorCode.INCONSISTENT_CLUSTER_ID, brokerEpoch: -1 };
  const existing = sink.image.broker(request.brokerId);
  if (existing?.incarnationId === request.incarnationId)
    return { errorCode: ErrorCode.NONE, brokerEpoch: existing.epoch };
  const brokerEpoch = sink.nextOffset;
  sink.add({
    type: 'RegisterBroker',
    brokerId: request.brokerId,
    brokerEpoch,
    incarnationId: request.incarnationId,
    host: request.host,
    port: request.port,
    rack: request.rack,
    fenced: true,
  });
  if (existing) removeBrokerFromPartitions(sink, settings, request.brokerId);
  return { errorCode: ErrorCode.NONE, brokerEpoch };
}

export function fenceBroker(sink: RecordSink, settings: ClusterSettings, brokerId: BrokerId): void {
  const broker = sink.image.broker(brokerId);
  if (!broker || broker.fenced) return;
  sink.add({ type: 'BrokerRegistrationChange', brokerId, brokerEpoch: broker.epoch, fenced: true });
  removeBrokerFromPartitions(sink, settings, brokerId);
}

/**
 * One heartbeat. `shutdownOffsets` remembers, per broker in controlled shutdown, the metadata
 * offset it must reach before it may stop (lost on controller failover: then the whole log so far).
 */
export function processHeartbeat(
  sink: RecordSink,
  settings: ClusterSettings,
  request: BrokerHeartbeatRequest,
  shutdownOffsets: Map<BrokerId, number>,
): BrokerHeartbeatResponse {
  const broker = sink.image.broker(request.brokerId);
  if (!broker || broker.epoch !== request.brokerEpoch) {
    return {
      errorCode: ErrorCode.STALE_BROKER_EPOCH,
      isCaughtUp: false,
      isFenced: true,
      shouldShutDown: false,
    };
  }
  const isCaughtUp = request.currentMetadataOffset > broker.epoch;
  const reply = (isFenced: boolean, shouldShutDown = false): BrokerHeartbeatResponse => ({
    errorCode: ErrorCode.NONE,
    isCaughtUp,
    isFenced,
    shouldShutDown,
  });
  if (request.wantShutDown) {
    if (broker.fenced) return reply(true, true);
    if (!broker.inControlledShutdown) {
      sink.add({
        type: 'BrokerRegistrationChange',
        brokerId: broker.id,
        brokerEpoch: broker.epoch,
        inControlledShutdown: true,
      });
      removeBrokerFromPartitions(sink, settings, broker.id);
      shutdownOffsets.set(broker.id, sink.nextOffset);
      return reply(false);
    }
    const mustReach = shutdownOffsets.get(broker.id) ?? sink.startOffset;
    if (request.currentMetadataOffset < mustReach) return reply(false);
    shutdownOffsets.delete(broker.id);
    sink.add({
      type: 'BrokerRegistrationChange',
      brokerId: broker.id,
      brokerEpoch: broker.epoch,
      fenced: true,
    });
    return reply(true, true);
  }
  if (request.wantFence) {
    fenceBroker(sink, settings, broker.id);
    return reply(true);
  }
  if (broker.fenced && isCaughtUp && !broker.inControlledShutdown) {
    sink.add({
      type: 'BrokerRegistrationChange',
      brokerId: broker.id,
      brokerEpoch: broker.epoch,
      fenced: false,
    });
    electLeaderlessPartitions(sink, settings);
    return reply(false);
  }
  return reply(broker.fenced);
}

export function allocateProducerIds(
  sink: RecordSink,
  request: AllocateProducerIdsRequest,
): AllocateProducerIdsResponse {
  const broker = sink.image.broker(request.brokerId);
  if (!broker || broker.epoch !== request.brokerEpoch) {
    return { errorCode: ErrorCode.STALE_BROKER_EPOCH, producerIdStart: -1, producerIdLen: 0 };
  }
  const start = sink.image.nextProducerId;
  sink.add({
    type: 'ProducerIds',
    brokerId: request.brokerId,
    brokerEpoch: request.brokerEpoch,
    nextProducerId: start + PRODUCER_ID_BLOCK_SIZE,
  });
  return { errorCode: ErrorCode.NONE, producerIdStart: start, producerIdLen: PRODUCER_ID_BLOCK_SIZE };
}
