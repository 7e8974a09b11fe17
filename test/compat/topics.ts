/**
 * Creates the scenarios' topics on a target before the clients run, with kafkajs's admin client
 * (in-process, so one connection creates every topic at once), then waits until every broker lists
 * every partition with a leader: metadata reaches each broker a moment after the controller, and a
 * client asking a broker that has not heard yet would see a topic without partitions.
 */
import { Kafka, logLevel } from 'kafkajs';
import { probeMetadata } from '../peers/kafka/probe.js';
import type { TopicSpec } from './scenario.js';

export async function createTopics(bootstrap: string, topics: readonly TopicSpec[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: false,
      topics: topics.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: t.replicationFactor,
        configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
  } finally {
    await admin.disconnect();
  }
  await waitForLeaders(bootstrap, topics);
}

/** Waits until every broker's Metadata lists each topic with all its partitions led. */
async function waitForLeaders(bootstrap: string, topics: readonly TopicSpec[]): Promise<void> {
  const brokers = bootstrap.split(',').map((address) => {
    const at = address.lastIndexOf(':');
    return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
  });
  const names = topics.map((t) => t.name);
  const known = async (host: string, port: number) => {
    const metadata = await probeMetadata(host, port, 2_000, names);
    return topics.every((spec) => {
      const topic = metadata.topics.find((t) => t.name === spec.name);
      return (
        topic?.errorCode === 0 &&
        topic.partitions.length === spec.partitions &&
        topic.partitions.every((p) => p.errorCode === 0 && p.leader >= 0)
      );
    });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await Promise.all(brokers.map((b) => known(b.host, b.port).catch(() => false)));
    if (ready.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`topics without leaders after 30 s: ${names.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
