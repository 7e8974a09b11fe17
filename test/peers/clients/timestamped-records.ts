/**
 * Writes the offsets-by-time scenario's records for the command-line drivers, whose tools cannot
 * set a record's timestamp: `count` records to partition 0, one second apart from `base`.
 */
import kafkajs from 'kafkajs';

export async function produceTimestamped(
  bootstrap: string,
  topic: string,
  count: number,
  base: number,
): Promise<void> {
  const producer = new kafkajs.Kafka({
    brokers: bootstrap.split(','),
    logLevel: kafkajs.logLevel.NOTHING,
  }).producer();
  await producer.connect();
  try {
    for (let i = 0; i < count; i++) {
      await producer.send({
        topic,
        acks: -1,
        messages: [{ partition: 0, value: `t${i}`, timestamp: `${base + i * 1000}` }],
      });
    }
  } finally {
    await producer.disconnect();
  }
}
