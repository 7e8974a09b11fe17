/**
 * Waits until every broker answers Metadata for a topic with all its partitions led: a topic
 * created through one broker reaches the others' metadata a moment later, and a client that asks
 * one of them first would be told UNKNOWN_TOPIC_OR_PARTITION.
 */
import * as metadata from '../../engine/protocol/apis/metadata.js';
import { ErrorCode } from '../../engine/protocol/errors.js';
import { ZERO_UUID } from '../../engine/protocol/uuid.js';
import { WireClient } from '../engine/broker/wire.js';
import { waitFor } from '../engine/cluster/helpers.js';

export async function topicReadyEverywhere(
  ports: readonly number[],
  topic: string,
  partitions: number,
): Promise<void> {
  for (const port of ports) {
    await waitFor(
      async () => {
        const client = await WireClient.connect(port);
        try {
          const answer = await client.send(metadata, 12, {
            topics: [{ topicId: ZERO_UUID, name: topic }],
            allowAutoTopicCreation: false,
            includeClusterAuthorizedOperations: false,
            includeTopicAuthorizedOperations: false,
          });
          const t = answer.topics[0];
          return (
            t?.errorCode === ErrorCode.NONE &&
            t.partitions.length === partitions &&
            t.partitions.every((p) => p.leaderId >= 0)
          );
        } finally {
          client.socket.destroy();
        }
      },
      { timeoutMs: 20_000, intervalMs: 50, what: `${topic} led on the broker at port ${port}` },
    );
  }
}
