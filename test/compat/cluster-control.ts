/**
 * What a scenario that breaks its cluster may do to it: find a partition's leader and end offset
 * (asking whichever broker still answers) and crash and restart a broker through the target's own
 * tooling. Only exclusive scenarios get to use it (see Scenario.exclusive).
 */
import { Kafka, logLevel } from 'kafkajs';
import { retry } from '../peers/clients/observe.js';
import { probeMetadata } from '../peers/kafka/probe.js';
import type { ClusterControl } from './scenario.js';
import type { Target } from './targets.js';

function brokers(bootstrap: string): { host: string; port: number }[] {
  return bootstrap.split(',').map((address) => {
    const at = address.lastIndexOf(':');
    return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
  });
}

export function clusterControl(target: Target): ClusterControl {
  return {
    async leaderOf(topic, partition) {
      for (const { host, port } of brokers(target.bootstrap)) {
        const metadata = await probeMetadata(host, port, 2_000, [topic]).catch(() => undefined);
        const leader = metadata?.topics
          .find((t) => t.name === topic)
          ?.partitions.find((p) => p.partition === partition)?.leader;
        if (leader !== undefined && leader >= 0) return leader;
      }
      throw new Error(`no broker names a leader of ${topic}-${partition}`);
    },
    // Retried with a fresh client: leadership may move while it asks (a restarted broker takes
    // back its partitions), kafkajs' fetchTopicOffsets gives up on NOT_LEADER_OR_FOLLOWER, and a
    // new leader answers OFFSET_NOT_AVAILABLE (retriable) until its high watermark has caught up.
    endOffset: (topic, partition) =>
      retry(async () => {
        const admin = new Kafka({ brokers: target.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
        await admin.connect();
        try {
          const offsets = await admin.fetchTopicOffsets(topic);
          return Number(offsets.find((o) => o.partition === partition)?.high ?? -1);
        } finally {
          await admin.disconnect();
        }
      }),
    killBroker: (brokerId) => target.killBroker(brokerId),
    restartBroker: (brokerId) => target.restartBroker(brokerId),
  };
}
