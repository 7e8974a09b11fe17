/**
 * Kafka's own `kafka-transactions` tool against Brokerlab's partition side: a kafkajs producer
 * leaves a transaction open; `describe-producers` (DescribeProducers) shows it holding the
 * partition from its first offset; `abort --start-offset` (DescribeProducers, then the Java
 * admin client's WriteTxnMarkers to the leader) ends it, and the last stable offset catches up
 * with the high watermark, as it does on Apache Kafka.
 */
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as listOffsets from '../../../engine/protocol/apis/list-offsets.js';
import { kafkaClasspath } from '../../peers/kafka/jvm.js';
import { runKafkaTools } from '../../peers/kafka/tools.js';
import { bootstrapOf, quickGroups } from '../groups/group-cluster.js';
import { listOffsetsRequest } from './requests.js';
import { TestCluster } from './test-cluster.js';

const TOPIC = 'kafka-tool-abort';
const kafka = kafkaClasspath();

describe.skipIf(!kafka.ok)(
  `kafka-transactions against Brokerlab${kafka.ok ? '' : ` (skipped: ${kafka.reason})`}`,
  () => {
    let cluster: TestCluster;

    beforeAll(async () => {
      cluster = await TestCluster.start({ brokers: 3, config: quickGroups });
      await cluster.createTopic(TOPIC, 1, 3);
    }, 60_000);

    afterAll(async () => {
      await cluster?.stop();
      expect(cluster?.bugs ?? []).toEqual([]);
    });

    async function offsets(): Promise<{ lso: number; hw: number }> {
      const c = await cluster.leaderClient(TOPIC, 0);
      const at = async (isolation: number) => {
        const r = await c.send(
          listOffsets,
          7,
          listOffsetsRequest(TOPIC, [{ partition: 0, timestamp: -1 }], isolation),
        );
        return Number(r.topics[0]!.partitions[0]!.offset);
      };
      return { lso: await at(1), hw: await at(0) };
    }

    it('describe-producers shows the open transaction and abort --start-offset ends it', async () => {
      const client = new kafkajs.Kafka({
        brokers: bootstrapOf(cluster).split(','),
        logLevel: kafkajs.logLevel.NOTHING,
      });
      const plain = client.producer();
      await plain.connect();
      await plain.send({ topic: TOPIC, acks: -1, messages: [{ value: 'before' }] });
      await plain.disconnect();
      const producer = client.producer({
        transactionalId: 'kafka-tool-hanging',
        idempotent: true,
        maxInFlightRequests: 1,
        transactionTimeout: 600_000,
      });
      await producer.connect();
      const txn = await producer.transaction();
      await txn.send({ topic: TOPIC, acks: -1, messages: [{ value: 'open' }] });
      await producer.disconnect();
      expect(await offsets()).toEqual({ lso: 1, hw: 2 });

      const bootstrap = bootstrapOf(cluster);
      const partition = ['--topic', TOPIC, '--partition', '0'];
      const [described, aborted, after] = await runKafkaTools([
        { tool: 'transactions', args: ['--bootstrap-server', bootstrap, 'describe-producers', ...partition] },
        {
          tool: 'transactions',
          args: ['--bootstrap-server', bootstrap, 'abort', ...partition, '--start-offset', '1'],
        },
        { tool: 'transactions', args: ['--bootstrap-server', bootstrap, 'describe-producers', ...partition] },
      ]);
      expect(described).toMatchObject({ code: 0 });
      // Columns: ProducerId ProducerEpoch LatestCoordinatorEpoch LastSequence LastTimestamp CurrentTransactionStartOffset
      const row = described!.stdout.trim().split('\n')[1]!.trim().split(/\s+/);
      expect(row.at(-1)).toBe('1');
      expect(aborted).toMatchObject({ code: 0 });
      expect(after!.stdout.trim().split('\n')[1]!.trim().split(/\s+/).at(-1)).toBe('None');
      // The ABORT marker took offset 2: everything is stable again.
      expect(await offsets()).toEqual({ lso: 3, hw: 3 });
    }, 120_000);
  },
);
