/**
 * What Brokerlab writes to __consumer_offsets is in Kafka's own record formats: Apache Kafka's
 * console consumer, with Kafka's OffsetsMessageFormatter and GroupMetadataMessageFormatter,
 * reads it back from a Brokerlab cluster (committed offsets, group metadata with its members,
 * tombstones of a deleted group).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import kafkajs from 'kafkajs';
import { kafkaClasspath } from '../../peers/kafka/jvm.js';
import { consoleConsumer } from '../../peers/kafka/tools.js';
import type { TestCluster } from '../broker/test-cluster.js';
import { bootstrapOf, produce, startGroupCluster } from './group-cluster.js';
import { pythonAvailability, PythonMember, waitForMembers } from './python-members.js';

const kafka = kafkaClasspath();
const python = pythonAvailability();
const skip = !kafka.ok ? kafka.reason : !python.ok ? python.reason : null;

/** The formatter's output: JSON objects printed back to back. */
function records(stdout: string): { key: { type: number; data: Record<string, unknown> }; value: unknown }[] {
  const start = stdout.indexOf('{"key"');
  if (start < 0) return [];
  return (
    stdout
      .slice(start)
      .split(/(?<=\})(?=\{"key")/)
      .map((text) => text.trim())
      .filter((text) => text.startsWith('{"key"'))
      // The last object is followed by the tool's own closing messages.
      .map((text) => JSON.parse(text.slice(0, text.lastIndexOf('}') + 1)) as never)
  );
}

describe.skipIf(skip !== null)(
  `__consumer_offsets read by Kafka's formatters${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let cluster: TestCluster;

    beforeAll(async () => {
      cluster = await startGroupCluster();
    }, 60_000);

    afterAll(async () => {
      await cluster?.stop();
    });

    test('offsets, group metadata and tombstones come out as Kafka writes them', async () => {
      if (!python.ok) throw new Error(python.reason);
      await cluster.createTopic('formatted', 2, 3);
      await produce(cluster, 'formatted', 2, 'r', 10);
      const member = PythonMember.start(python.python, bootstrapOf(cluster), {
        topic: 'formatted',
        group: 'formatted-group',
        clientId: 'formatted-client',
      });
      await waitForMembers([member], 'ten records', () => member.records.length === 10);
      await member.stop();

      // A group that only stored an offset, then deleted: tombstones for both kinds of record.
      const admin = new kafkajs.Kafka({
        brokers: bootstrapOf(cluster).split(','),
        logLevel: kafkajs.logLevel.NOTHING,
      }).admin();
      await admin.connect();
      await admin.setOffsets({
        groupId: 'gone',
        topic: 'formatted',
        partitions: [{ partition: 0, offset: '3' }],
      });
      await admin.deleteGroups(['gone']);
      await admin.disconnect();

      const bootstrap = bootstrapOf(cluster);
      const read = (formatter: string) =>
        consoleConsumer([
          '--bootstrap-server',
          bootstrap,
          '--topic',
          '__consumer_offsets',
          '--from-beginning',
          '--timeout-ms',
          '5000',
          '--formatter',
          `org.apache.kafka.tools.consumer.${formatter}`,
        ]);
      const [offsets, groups] = await Promise.all([
        read('OffsetsMessageFormatter'),
        read('GroupMetadataMessageFormatter'),
      ]);

      const committed = records(offsets.stdout).filter((r) => r.key.data.group === 'formatted-group');
      const last = new Map(committed.map((r) => [r.key.data.partition, r.value]));
      expect([...last.keys()].sort()).toEqual([0, 1]);
      expect(last.get(0)).toMatchObject({ version: 3, data: { offset: 5, metadata: '' } });
      expect(last.get(1)).toMatchObject({ version: 3, data: { offset: 5, metadata: '' } });

      const metadata = records(groups.stdout).filter((r) => r.key.data.group === 'formatted-group');
      expect(metadata[0]).toMatchObject({
        key: { type: 2 },
        value: {
          version: 3,
          data: {
            protocolType: 'consumer',
            generation: 1,
            protocol: 'range',
            members: [{ clientId: 'formatted-client', clientHost: '/127.0.0.1', sessionTimeout: 6000 }],
          },
        },
      });
      // The member left: the group's last state is empty.
      expect(metadata.at(-1)).toMatchObject({ value: { data: { members: [], protocol: null } } });

      const gone = records(offsets.stdout).filter((r) => r.key.data.group === 'gone');
      expect(gone.map((r) => r.value === null)).toEqual([false, true]);
      expect(
        records(groups.stdout)
          .filter((r) => r.key.data.group === 'gone')
          .at(-1)?.value,
      ).toBeNull();
    }, 120_000);
  },
);
