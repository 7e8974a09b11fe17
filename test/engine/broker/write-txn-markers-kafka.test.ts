/**
 * WriteTxnMarkers side by side with Apache Kafka: after a kafkajs producer committed at epoch 0
 * and, restarted, at epoch 1, the same markers sent to the partition's leader get the same
 * answers from both — an older producer epoch INVALID_PRODUCER_EPOCH, a newer one accepted (and
 * from then on the current one), a partition that does not exist UNKNOWN_TOPIC_OR_PARTITION.
 */
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { KafkaClient } from '../../../host/kafka-client/client.js';
import { kafkaAvailable, kafkaSkipNote, useKafkaPeer } from '../../host/kafka-peer.js';
import { bootstrapOf, quickGroups } from '../groups/group-cluster.js';
import { TestCluster } from './test-cluster.js';

const TOPIC = 'markers-side-by-side';
const ID = 'markers-side-by-side-tx';

/** The marker answers of one cluster, in order. */
async function markerAnswers(bootstrap: string): Promise<number[][]> {
  const kafka = new kafkajs.Kafka({
    brokers: bootstrap.split(','),
    logLevel: kafkajs.logLevel.NOTHING,
    retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  // Two producer sessions: the second initTransactions bumps the epoch to 1.
  for (const value of ['first', 'second']) {
    const producer = kafka.producer({ transactionalId: ID, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: TOPIC, acks: -1, messages: [{ value }] });
    await txn.commit();
    await producer.disconnect();
  }
  const access = new KafkaClient({ bootstrap, clientId: 'markers-side-by-side' });
  try {
    const leader = (await access.metadata({ topics: [TOPIC] })).topics.get(TOPIC)!.partitions[0]!.leader;
    // The coordinator writes its markers after answering EndTxn: wait until the last one landed.
    let producer;
    for (;;) {
      const described = await access.request(
        'DescribeProducers',
        { topics: [{ name: TOPIC, partitionIndexes: [0] }] },
        { broker: leader },
      );
      producer = described.topics[0]!.partitions[0]!.activeProducers[0];
      if (producer && producer.producerEpoch === 1 && producer.currentTxnStartOffset < 0n) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const send = async (producerEpoch: number) => {
      const response = await access.request(
        'WriteTxnMarkers',
        {
          markers: [
            {
              producerId: producer.producerId,
              producerEpoch,
              transactionResult: false,
              topics: [{ name: TOPIC, partitionIndexes: [0, 5] }],
              coordinatorEpoch: producer.coordinatorEpoch,
              transactionVersion: 0,
            },
          ],
        },
        { broker: leader },
      );
      // By partition: Kafka lists the partitions it refused before the ones it appended to.
      return [...response.markers[0]!.topics[0]!.partitions]
        .sort((a, b) => a.partitionIndex - b.partitionIndex)
        .map((p) => p.errorCode);
    };
    return [await send(0), await send(2), await send(1), await send(2)];
  } finally {
    await access.close();
  }
}

const expected = [
  [ErrorCode.INVALID_PRODUCER_EPOCH, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
  [ErrorCode.NONE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
  [ErrorCode.INVALID_PRODUCER_EPOCH, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
  [ErrorCode.NONE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
];

describe('WriteTxnMarkers on Brokerlab', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await TestCluster.start({ brokers: 3, config: quickGroups });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    expect(cluster?.bugs ?? []).toEqual([]);
  });

  it('answers as Apache Kafka does', async () => {
    expect(await markerAnswers(bootstrapOf(cluster))).toEqual(expected);
  }, 60_000);
});

describe.skipIf(!kafkaAvailable)(`WriteTxnMarkers on Apache Kafka${kafkaSkipNote}`, () => {
  const peer = useKafkaPeer({ nodes: 1 });

  it('answers what Brokerlab is held to', async () => {
    expect(await markerAnswers(peer().bootstrap)).toEqual(expected);
  }, 60_000);
});
