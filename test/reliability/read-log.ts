/**
 * Reads whole partitions over the wire, from each partition's leader up to its high watermark,
 * with the host's Kafka client: what any consumer would be served once the cluster is healed.
 */
import { KafkaClient } from '../../host/kafka-client/client.js';
import { partitionKey } from '../../host/kafka-client/offsets.js';
import { batchRecords, fetchPartitions } from '../../host/kafka-client/partition-reader.js';
import type { LogRecord } from './checks.js';

export async function readPartitions(
  bootstrap: readonly string[],
  topic: string,
  partitions: number,
): Promise<Map<number, LogRecord[]>> {
  const client = new KafkaClient({ bootstrap, clientId: 'reliability-reader', requestTimeoutMs: 5000 });
  try {
    const logs = new Map<number, LogRecord[]>();
    const next = new Map<number, number>();
    for (let p = 0; p < partitions; p++) {
      logs.set(p, []);
      next.set(p, 0);
    }
    while (next.size > 0) {
      const items = [...next].map(([partition, offset]) => ({ topic, partition, offset }));
      const results = await fetchPartitions(client, items, { deadlineMs: 20_000, maxBytes: 8 << 20 });
      for (const item of items) {
        const result = results.get(partitionKey(item));
        if (result === undefined || !result.ok) {
          throw new Error(`reading ${topic}-${item.partition}: ${result?.error.message ?? 'no answer'}`);
        }
        const fetch = result.value;
        for (const batch of fetch.batches) {
          for (const record of await batchRecords(batch, item.offset)) {
            logs.get(item.partition)!.push({ offset: record.offset, value: record.value?.toString() ?? '' });
          }
        }
        if (fetch.nextOffset >= fetch.highWatermark || fetch.nextOffset === item.offset)
          next.delete(item.partition);
        else next.set(item.partition, fetch.nextOffset);
      }
    }
    return logs;
  } finally {
    await client.close();
  }
}
