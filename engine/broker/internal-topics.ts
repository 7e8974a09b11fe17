/**
 * The internal topics of Kafka's coordinators (Topic.java). They belong to the coordinators:
 * clients may read them but neither auto-create them through Metadata nor produce to them.
 */
export const GROUP_METADATA_TOPIC_NAME = '__consumer_offsets';
export const TRANSACTION_STATE_TOPIC_NAME = '__transaction_state';
export const SHARE_GROUP_STATE_TOPIC_NAME = '__share_group_state';

const INTERNAL_TOPICS = new Set([
  GROUP_METADATA_TOPIC_NAME,
  TRANSACTION_STATE_TOPIC_NAME,
  SHARE_GROUP_STATE_TOPIC_NAME,
]);

export function isInternalTopic(name: string): boolean {
  return INTERNAL_TOPICS.has(name);
}
