/**
 * Topic administration on the controller (the topic half of Kafka's ReplicationControlManager):
 * CreateTopics, DeleteTopics and CreatePartitions, with Kafka's validation and error messages.
 * A new partition's ISR is its replicas on usable brokers and its leader the first of them.
 */
import type {
  CreatePartitionsSpec,
  CreateTopicResult,
  CreateTopicSpec,
  DeleteTopicResult,
  ResourceResult,
} from '../../broker/services.js';
import { ErrorCode, KafkaError } from '../../protocol/errors.js';
import { validateTopicConfigs } from '../../storage/log-config.js';
import { newTopicId, validateTopicName } from '../../storage/topic-manager.js';
import type { BrokerId } from '../../types.js';
import type { ClusterSettings } from '../config.js';
import type { Random } from '../random.js';
import { PlacementError, placeReplicas } from './replica-placement.js';
import type { RecordSink } from './record-sink.js';

/** Kafka's Topic.validate, plus its collision rule for names differing only in '.' versus '_'. */
function topicNameError(name: string, existing: Iterable<string>): string | null {
  try {
    validateTopicName(name);
  } catch (err) {
    return (err as Error).message;
  }
  const folded = name.replace(/\./g, '_');
  for (const other of existing) {
    if (other !== name && other.replace(/\./g, '_') === folded) {
      return `Topic '${name}' collides with existing topic: ${other}`;
    }
  }
  return null;
}

class TopicError extends KafkaError {}

function fail(code: ErrorCode, message: string): never {
  throw new TopicError(code, message);
}

function usableBrokers(sink: RecordSink): BrokerId[] {
  return sink.image
    .brokers()
    .filter((b) => sink.image.isUsable(b.id))
    .map((b) => b.id);
}

/** Checks a manual assignment: every partition, the same replication factor, registered brokers. */
function checkAssignment(
  sink: RecordSink,
  replicas: readonly (readonly BrokerId[])[],
  label: (i: number) => number,
): void {
  const rf = replicas[0]?.length ?? 0;
  replicas.forEach((brokers, i) => {
    const partition = label(i);
    if (brokers.length === 0)
      fail(
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        `The manual partition assignment includes an empty replica list.`,
      );
    if (brokers.length !== rf) {
      fail(
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        `The manual partition assignment includes a partition with ${brokers.length} replica(s), but this is not consistent with previous partitions, which have ${rf} replica(s).`,
      );
    }
    if (new Set(brokers).size !== brokers.length) {
      fail(
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        `The manual partition assignment specifies the same node id more than once for partition ${partition}.`,
      );
    }
    for (const id of brokers) {
      if (!sink.image.broker(id)) {
        fail(
          ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          `The manual partition assignment includes broker ${id}, but no such broker is registered.`,
        );
      }
    }
  });
}

function addPartitions(
  sink: RecordSink,
  topicId: string,
  first: number,
  assignment: readonly (readonly BrokerId[])[],
): void {
  assignment.forEach((replicas, i) => {
    const isr = replicas.filter((id) => sink.image.isUsable(id));
    sink.add({
      type: 'Partition',
      topicId,
      partition: first + i,
      replicas,
      isr: isr.length > 0 ? isr : [...replicas],
      leader: isr[0] ?? -1,
      leaderEpoch: 0,
      partitionEpoch: 0,
    });
  });
}

function place(
  sink: RecordSink,
  random: Random,
  partitions: number,
  rf: number,
  firstPartition = 0,
): BrokerId[][] {
  try {
    return placeReplicas({
      brokers: usableBrokers(sink),
      partitions,
      replicationFactor: rf,
      firstPartition,
      random,
    });
  } catch (err) {
    if (err instanceof PlacementError) fail(ErrorCode.INVALID_REPLICATION_FACTOR, err.message);
    throw err;
  }
}

function asResultError(err: unknown): { errorCode: ErrorCode; errorMessage: string } {
  if (err instanceof KafkaError) return { errorCode: err.code, errorMessage: err.message };
  throw err;
}

/**
 * The most partitions one request may create. Kafka's controller refuses a CreateTopics request
 * over this in all (ReplicationControlManager.MAX_PARTITIONS_PER_BATCH: more had run it out of
 * memory); here a request for a billion partitions held the controller's loop for minutes. The
 * same bound applies to one CreatePartitions request, which could otherwise do what CreateTopics
 * refuses.
 */
export const MAX_PARTITIONS_PER_BATCH = 10_000;
const EXCESSIVE_PARTITIONS = 'Excessively large number of partitions per request.';

/** Whether a CreateTopics request asks for more than MAX_PARTITIONS_PER_BATCH partitions in all. */
export function excessivePartitions(specs: readonly CreateTopicSpec[], settings: ClusterSettings): boolean {
  let total = 0;
  for (const spec of specs) {
    if (spec.assignments.length > 0) total += spec.assignments.length;
    else if (spec.numPartitions === -1) total += settings.numPartitions;
    else if (spec.numPartitions > 0) total += spec.numPartitions;
  }
  return total > MAX_PARTITIONS_PER_BATCH;
}

/** The answer to every topic of a CreateTopics request refused by excessivePartitions. */
export function excessivePartitionsResult(spec: CreateTopicSpec): CreateTopicResult {
  return {
    name: spec.name,
    topicId: null,
    numPartitions: -1,
    replicationFactor: -1,
    errorCode: ErrorCode.POLICY_VIOLATION,
    errorMessage: EXCESSIVE_PARTITIONS,
  };
}

export function createTopic(
  sink: RecordSink,
  settings: ClusterSettings,
  random: Random,
  spec: CreateTopicSpec,
  validateOnly: boolean,
): CreateTopicResult {
  try {
    const nameError = topicNameError(
      spec.name,
      sink.image.topics().map((t) => t.name),
    );
    if (sink.image.topicByName(spec.name))
      fail(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${spec.name}' already exists.`);
    if (nameError) fail(ErrorCode.INVALID_TOPIC_EXCEPTION, nameError);
    let assignment: BrokerId[][];
    if (spec.assignments.length > 0) {
      if (spec.numPartitions !== -1 || spec.replicationFactor !== -1) {
        fail(
          ErrorCode.INVALID_REQUEST,
          'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.',
        );
      }
      const sorted = [...spec.assignments].sort((a, b) => a.partition - b.partition);
      sorted.forEach((a, i) => {
        if (a.partition !== i) {
          fail(
            ErrorCode.INVALID_REPLICA_ASSIGNMENT,
            'Partitions should be a consecutive 0-based integer sequence',
          );
        }
      });
      assignment = sorted.map((a) => [...a.brokerIds]);
      checkAssignment(sink, assignment, (i) => i);
    } else {
      const partitions = spec.numPartitions === -1 ? settings.numPartitions : spec.numPartitions;
      const rf = spec.replicationFactor === -1 ? settings.defaultReplicationFactor : spec.replicationFactor;
      if (partitions <= 0)
        fail(ErrorCode.INVALID_PARTITIONS, 'Number of partitions was set to an invalid non-positive value.');
      if (rf <= 0) {
        fail(
          ErrorCode.INVALID_REPLICATION_FACTOR,
          'Replication factor must be larger than 0, or -1 to use the default value.',
        );
      }
      assignment = place(sink, random, partitions, rf);
    }
    for (const [key, value] of Object.entries(spec.configs)) {
      if (value === null)
        fail(ErrorCode.INVALID_CONFIG, `Null value not supported for topic configs: ${key}`);
    }
    try {
      validateTopicConfigs(spec.configs);
    } catch (err) {
      fail(ErrorCode.INVALID_CONFIG, (err as Error).message);
    }
    const summary = {
      name: spec.name,
      numPartitions: assignment.length,
      replicationFactor: assignment[0]?.length ?? 0,
    };
    if (validateOnly) return { ...summary, topicId: null, errorCode: ErrorCode.NONE, errorMessage: null };
    const topicId = newTopicId();
    sink.add({ type: 'Topic', name: spec.name, topicId });
    for (const [name, value] of Object.entries(spec.configs)) {
      sink.add({ type: 'Config', resourceType: 'topic', resourceName: spec.name, name, value });
    }
    addPartitions(sink, topicId, 0, assignment);
    return { ...summary, topicId, errorCode: ErrorCode.NONE, errorMessage: null };
  } catch (err) {
    return {
      name: spec.name,
      topicId: null,
      numPartitions: -1,
      replicationFactor: -1,
      ...asResultError(err),
    };
  }
}

export function deleteTopic(
  sink: RecordSink,
  target: { readonly name: string | null; readonly topicId: string | null },
): DeleteTopicResult {
  const topic =
    target.topicId !== null
      ? sink.image.topicById(target.topicId)
      : sink.image.topicByName(target.name ?? '');
  if (!topic) {
    return {
      name: target.name,
      topicId: target.topicId,
      errorCode: target.topicId !== null ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      errorMessage: 'This server does not host this topic-partition.',
    };
  }
  sink.add({ type: 'RemoveTopic', topicId: topic.topicId });
  return { name: topic.name, topicId: topic.topicId, errorCode: ErrorCode.NONE, errorMessage: null };
}

export function createPartitions(
  sink: RecordSink,
  random: Random,
  spec: CreatePartitionsSpec,
  validateOnly: boolean,
): ResourceResult {
  try {
    const topic = sink.image.topicByName(spec.topic);
    if (!topic) fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${spec.topic}' does not exist.`);
    const current = topic.partitions.size;
    if (spec.count < current) {
      fail(
        ErrorCode.INVALID_PARTITIONS,
        `The topic ${spec.topic} currently has ${current} partition(s); ${spec.count} would not be an increase.`,
      );
    }
    if (spec.count === current)
      fail(ErrorCode.INVALID_PARTITIONS, `Topic already has ${current} partition(s).`);
    const added = spec.count - current;
    if (added > MAX_PARTITIONS_PER_BATCH) fail(ErrorCode.POLICY_VIOLATION, EXCESSIVE_PARTITIONS);
    const rf = topic.partitions.get(0)?.replicas.length ?? 1;
    let assignment: BrokerId[][];
    if (spec.assignments.length > 0) {
      if (spec.assignments.length !== added) {
        fail(
          ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          `Attempted to add ${added} additional partition(s), but only ${spec.assignments.length} assignment(s) were specified.`,
        );
      }
      assignment = spec.assignments.map((a) => [...a]);
      checkAssignment(sink, [topic.partitions.get(0)?.replicas ?? [], ...assignment], (i) => current + i - 1);
    } else {
      assignment = place(sink, random, added, rf, current);
    }
    if (!validateOnly) addPartitions(sink, topic.topicId, current, assignment);
    return { name: spec.topic, errorCode: ErrorCode.NONE, errorMessage: null };
  } catch (err) {
    return { name: spec.topic, ...asResultError(err) };
  }
}
