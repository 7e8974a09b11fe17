/**
 * Kafka's `partition.metadata` file in a partition directory: the id of the topic the log belongs
 * to, so that a broker that was down while a topic was deleted and re-created under the same name
 * recognises its old log as stale instead of serving it as the new topic's.
 *
 * Format (Kafka's): two lines, `version: 0` and `topic_id: <22-char base64 id>`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../../storage/checkpoint-file.js';
import { healthyDisk } from '../../storage/disk-hooks.js';

const FILE = 'partition.metadata';

export function readPartitionTopicId(dir: string): string | null {
  try {
    const match = /^topic_id: (\S+)$/m.exec(readFileSync(join(dir, FILE), 'utf8'));
    return match?.[1] ?? null;
  } catch {
    return null;
  }
}

export function writePartitionTopicId(dir: string, topicId: string): void {
  writeFileAtomically(
    join(dir, FILE),
    Buffer.from(`version: 0\ntopic_id: ${topicId}\n`, 'utf8'),
    healthyDisk,
    true,
  );
}
