/**
 * What only the embedded cluster has, over the engine's own API: the cluster snapshot (broker
 * states, controller, every partition with offsets), the fault injector and the event stream.
 * The engine's refusals become API errors a user can act on: an unknown broker is NOT_FOUND, a
 * fault that does not fit the broker's state is CONFLICT.
 */
import type { Cluster, ClusterSnapshot as EngineSnapshot, FaultDescription } from '../../engine/index.js';
import { asBrokerId, type BrokerId } from '../../engine/types.js';
import { ApiError } from '../api/errors.js';
import type { ClusterSnapshot } from '../api/schemas/cluster.js';
import type { MethodImpl, StreamImpl } from './implementation.js';

type EngineMethod =
  | 'cluster.snapshot'
  | 'faults.list'
  | 'faults.killBroker'
  | 'faults.stopBroker'
  | 'faults.startBroker'
  | 'faults.isolateBroker'
  | 'faults.delayTraffic'
  | 'faults.dropTraffic'
  | 'faults.slowDisk'
  | 'faults.fillDisk'
  | 'faults.heal'
  | 'faults.healAll';

export type EngineMethods = { [N in EngineMethod]: MethodImpl<N> };

export function snapshotOf(snapshot: EngineSnapshot, takenAt: number): ClusterSnapshot {
  const down = new Set(snapshot.brokers.filter((b) => b.state === 'down').map((b) => b.id));
  const offset = (n: number): number | null => (n < 0 ? null : n);
  return {
    clusterId: snapshot.clusterId,
    controllerId: snapshot.controller.id,
    controllerEpoch: snapshot.controller.epoch < 0 ? null : snapshot.controller.epoch,
    brokers: snapshot.brokers.map((b) => ({
      id: b.id,
      host: b.host,
      port: b.port,
      rack: null,
      state: b.state,
      isolatedFrom: b.isolation,
      isController: b.isController,
      ...(b.traffic ? { traffic: { ...b.traffic } } : {}),
    })),
    partitions: snapshot.partitions
      .map((p) => ({
        topic: p.topic,
        partition: p.partition,
        leader: p.leader,
        leaderEpoch: p.leaderEpoch,
        replicas: [...p.replicas],
        isr: [...p.isr],
        offlineReplicas: p.replicas.filter((r) => down.has(r)),
        logStartOffset: offset(p.logStartOffset),
        highWatermark: offset(p.highWatermark),
        logEndOffset: offset(p.logEndOffset),
      }))
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition)),
    underReplicatedPartitions: snapshot.underReplicatedPartitions,
    offlinePartitions: snapshot.offlinePartitions,
    takenAt,
  };
}

/** Runs a fault call, turning the engine's refusals into NOT_FOUND or CONFLICT. */
async function refusing<T>(
  cluster: Cluster,
  brokerIds: readonly number[],
  run: () => T | Promise<T>,
): Promise<T> {
  const known = new Set(cluster.brokers().map((b) => b.id as number));
  for (const id of brokerIds) {
    if (!known.has(id))
      throw new ApiError('NOT_FOUND', `there is no broker ${id} (brokers are ${[...known].join(', ')})`);
  }
  try {
    return await run();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('CONFLICT', (err as Error).message);
  }
}

export function engineMethods(cluster: Cluster, now: () => number = Date.now): EngineMethods {
  const faults = cluster.faults;
  const id = (n: number): BrokerId => asBrokerId(n);
  const healMany = async (chosen: readonly FaultDescription[]) => {
    for (const fault of [...chosen].reverse()) await faults.heal(fault.id);
    return { healed: [...chosen] };
  };
  return {
    'cluster.snapshot': async () => snapshotOf(cluster.snapshot(), now()),
    'faults.list': async () => faults.list(),
    'faults.killBroker': ({ brokerId }) => refusing(cluster, [brokerId], () => faults.kill(id(brokerId))),
    'faults.stopBroker': ({ brokerId }) => refusing(cluster, [brokerId], () => faults.stop(id(brokerId))),
    'faults.startBroker': ({ brokerId }) =>
      refusing(cluster, [brokerId], async () => {
        const healed = faults
          .list()
          .filter((f) => f.brokerId === brokerId && (f.kind === 'kill' || f.kind === 'stop'));
        await faults.start(id(brokerId));
        return { healed };
      }),
    'faults.isolateBroker': ({ brokerId, from }) =>
      refusing(cluster, [brokerId], () => faults.isolate(id(brokerId), from)),
    'faults.delayTraffic': ({ brokerId, peerId, ms }) =>
      refusing(cluster, peerId === undefined ? [brokerId] : [brokerId, peerId], () =>
        faults.delay(id(brokerId), ms, peerId === undefined ? {} : { peer: id(peerId) }),
      ),
    'faults.dropTraffic': ({ brokerId, peerId, rate }) =>
      refusing(cluster, peerId === undefined ? [brokerId] : [brokerId, peerId], () =>
        faults.loss(id(brokerId), rate, peerId === undefined ? {} : { peer: id(peerId) }),
      ),
    'faults.slowDisk': ({ brokerId, ms }) =>
      refusing(cluster, [brokerId], () => faults.slowDisk(id(brokerId), ms)),
    'faults.fillDisk': ({ brokerId }) => refusing(cluster, [brokerId], () => faults.fullDisk(id(brokerId))),
    'faults.heal': async ({ faultId, brokerId }) => {
      if (faultId !== undefined) {
        const fault = faults.list().find((f) => f.id === faultId);
        if (!fault) throw new ApiError('NOT_FOUND', `there is no active fault ${faultId}`);
        return refusing(cluster, [], () => healMany([fault]));
      }
      return refusing(cluster, [brokerId!], () =>
        healMany(faults.list().filter((f) => f.brokerId === brokerId)),
      );
    },
    'faults.healAll': () => refusing(cluster, [], () => healMany(faults.list())),
  };
}

/** The event stream: the buffered recent events after `afterSeq` first, then live ones, in order. */
export function clusterEvents(cluster: Cluster): StreamImpl<'cluster.events'> {
  return ({ afterSeq }, emit, signal) => {
    let last = 0;
    if (afterSeq !== undefined) {
      for (const event of cluster.recentEvents(afterSeq)) {
        emit(event as Parameters<typeof emit>[0]);
        last = event.seq;
      }
    }
    const off = cluster.onEvent((event) => {
      if (event.seq <= last) return;
      last = event.seq;
      emit(event as Parameters<typeof emit>[0]);
    });
    signal.addEventListener('abort', off, { once: true });
  };
}
