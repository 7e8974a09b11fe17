/**
 * The table of Kafka's topic-level configs (as Apache Kafka 4.x lists them): each one's real
 * name, type, default, valid range or values, one-line doc, and the broker-level property it
 * falls back to. log-config.ts parses, validates and describes configs against it.
 */

/** Kafka's Long.MAX_VALUE, the default of times and counts that never run out. */
export const LONG_MAX = '9223372036854775807';
/** Long.MAX_VALUE read as a number: "never" for times and counts. */
export const NEVER = Number.MAX_SAFE_INTEGER;

export type Kind = 'boolean' | 'string' | 'int' | 'long' | 'double' | 'list';

export interface ConfigDef {
  readonly name: string;
  readonly kind: Kind;
  readonly default: string;
  readonly doc: string;
  /** The broker property that supplies the default when the topic does not set one. */
  readonly synonym: string;
  readonly min?: number;
  readonly max?: number;
  /** Allowed values (strings and lists), compared case-sensitively as Kafka does. */
  readonly oneOf?: readonly string[];
  /** Extra allowed numbers outside [min, max] (Kafka's "[1,...,9] or -1"). */
  readonly also?: readonly number[];
}

export const topicConfigDefs: readonly ConfigDef[] = [
  {
    name: 'cleanup.policy',
    kind: 'list',
    default: 'delete',
    oneOf: ['compact', 'delete'],
    synonym: 'log.cleanup.policy',
    doc: 'Retention policy of old segments: "delete" discards them by time or size, "compact" keeps the latest value per key; both may be given.',
  },
  {
    name: 'compression.gzip.level',
    kind: 'int',
    default: '-1',
    min: 1,
    max: 9,
    also: [-1],
    synonym: 'compression.gzip.level',
    doc: 'Compression level when compression.type is gzip.',
  },
  {
    name: 'compression.lz4.level',
    kind: 'int',
    default: '9',
    min: 1,
    max: 17,
    synonym: 'compression.lz4.level',
    doc: 'Compression level when compression.type is lz4.',
  },
  {
    name: 'compression.type',
    kind: 'string',
    default: 'producer',
    oneOf: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'],
    synonym: 'compression.type',
    doc: 'Final compression of the topic\'s batches; "producer" keeps what the producer sent.',
  },
  {
    name: 'compression.zstd.level',
    kind: 'int',
    default: '3',
    min: -131072,
    max: 22,
    synonym: 'compression.zstd.level',
    doc: 'Compression level when compression.type is zstd.',
  },
  {
    name: 'delete.retention.ms',
    kind: 'long',
    default: '86400000',
    min: 0,
    synonym: 'log.cleaner.delete.retention.ms',
    doc: 'How long tombstones are kept in a compacted topic after the segment holding them was cleaned.',
  },
  {
    name: 'file.delete.delay.ms',
    kind: 'long',
    default: '60000',
    min: 0,
    synonym: 'log.segment.delete.delay.ms',
    doc: "Time to wait before removing a deleted segment's files from disk.",
  },
  {
    name: 'flush.messages',
    kind: 'long',
    default: LONG_MAX,
    min: 1,
    synonym: 'log.flush.interval.messages',
    doc: 'Force an fsync of the log after this many messages; replication gives durability by default.',
  },
  {
    name: 'flush.ms',
    kind: 'long',
    default: LONG_MAX,
    min: 0,
    synonym: 'log.flush.interval.ms',
    doc: 'Force an fsync of the log when this much time passed since the last one.',
  },
  {
    name: 'follower.replication.throttled.replicas',
    kind: 'list',
    default: '',
    synonym: 'follower.replication.throttled.replicas',
    doc: 'Replicas whose follower-side replication is throttled, as partitionId:brokerId pairs or *.',
  },
  {
    name: 'index.interval.bytes',
    kind: 'int',
    default: '4096',
    min: 0,
    synonym: 'log.index.interval.bytes',
    doc: 'How many log bytes pass between two entries of the offset index.',
  },
  {
    name: 'leader.replication.throttled.replicas',
    kind: 'list',
    default: '',
    synonym: 'leader.replication.throttled.replicas',
    doc: 'Replicas whose leader-side replication is throttled, as partitionId:brokerId pairs or *.',
  },
  {
    name: 'local.retention.bytes',
    kind: 'long',
    default: '-2',
    min: -2,
    synonym: 'log.local.retention.bytes',
    doc: 'Local size limit with tiered storage; -2 means retention.bytes.',
  },
  {
    name: 'local.retention.ms',
    kind: 'long',
    default: '-2',
    min: -2,
    synonym: 'log.local.retention.ms',
    doc: 'Local time limit with tiered storage; -2 means retention.ms.',
  },
  {
    name: 'max.compaction.lag.ms',
    kind: 'long',
    default: LONG_MAX,
    min: 1,
    synonym: 'log.cleaner.max.compaction.lag.ms',
    doc: 'Longest time a message stays ineligible for compaction.',
  },
  {
    name: 'max.message.bytes',
    kind: 'int',
    default: '1048588',
    min: 0,
    synonym: 'message.max.bytes',
    doc: 'Largest record batch size allowed by the topic, after compression.',
  },
  {
    name: 'message.timestamp.after.max.ms',
    kind: 'long',
    default: '3600000',
    min: 0,
    synonym: 'log.message.timestamp.after.max.ms',
    doc: "How far a CreateTime timestamp may lie in the future of the broker's clock.",
  },
  {
    name: 'message.timestamp.before.max.ms',
    kind: 'long',
    default: LONG_MAX,
    min: 0,
    synonym: 'log.message.timestamp.before.max.ms',
    doc: "How far a CreateTime timestamp may lie in the past of the broker's clock.",
  },
  {
    name: 'message.timestamp.type',
    kind: 'string',
    default: 'CreateTime',
    oneOf: ['CreateTime', 'LogAppendTime'],
    synonym: 'log.message.timestamp.type',
    doc: "Whether record timestamps are the producer's create time or the broker's append time.",
  },
  {
    name: 'min.cleanable.dirty.ratio',
    kind: 'double',
    default: '0.5',
    min: 0,
    max: 1,
    synonym: 'log.cleaner.min.cleanable.ratio',
    doc: 'Fraction of the log that must be uncompacted before the cleaner compacts it.',
  },
  {
    name: 'min.compaction.lag.ms',
    kind: 'long',
    default: '0',
    min: 0,
    synonym: 'log.cleaner.min.compaction.lag.ms',
    doc: 'Shortest time a message stays uncompacted.',
  },
  {
    name: 'min.insync.replicas',
    kind: 'int',
    default: '1',
    min: 1,
    synonym: 'min.insync.replicas',
    doc: 'Fewest in-sync replicas that must acknowledge a write with acks=all.',
  },
  {
    name: 'preallocate',
    kind: 'boolean',
    default: 'false',
    synonym: 'log.preallocate',
    doc: "Preallocate a new segment's file on disk.",
  },
  {
    name: 'remote.log.copy.disable',
    kind: 'boolean',
    default: 'false',
    synonym: 'remote.log.copy.disable',
    doc: 'Stop copying segments to tiered storage while keeping what is there readable.',
  },
  {
    name: 'remote.log.delete.on.disable',
    kind: 'boolean',
    default: 'false',
    synonym: 'remote.log.delete.on.disable',
    doc: 'Delete tiered data when tiered storage is turned off for the topic.',
  },
  {
    name: 'remote.storage.enable',
    kind: 'boolean',
    default: 'false',
    synonym: 'remote.storage.enable',
    doc: "Tiered storage for the topic (not available in Brokerlab's embedded cluster).",
  },
  {
    name: 'retention.bytes',
    kind: 'long',
    default: '-1',
    synonym: 'log.retention.bytes',
    doc: 'Largest size a partition may grow to before old segments are deleted; -1 means no limit.',
  },
  {
    name: 'retention.ms',
    kind: 'long',
    default: '604800000',
    min: -1,
    synonym: 'log.retention.ms',
    doc: 'Longest time a segment is kept before it is deleted; -1 means no limit.',
  },
  {
    name: 'segment.bytes',
    kind: 'int',
    default: '1073741824',
    min: 1048576,
    synonym: 'log.segment.bytes',
    doc: 'Size of one segment file of the log.',
  },
  {
    name: 'segment.index.bytes',
    kind: 'int',
    default: '10485760',
    min: 4,
    synonym: 'log.index.size.max.bytes',
    doc: 'Size of the offset index of one segment; a full index rolls the segment.',
  },
  {
    name: 'segment.jitter.ms',
    kind: 'long',
    default: '0',
    min: 0,
    synonym: 'log.roll.jitter.ms',
    doc: 'Largest random jitter subtracted from segment.ms, so segments do not all roll at once.',
  },
  {
    name: 'segment.ms',
    kind: 'long',
    default: '604800000',
    min: 1,
    synonym: 'log.roll.ms',
    doc: 'Time after which the active segment is rolled even if not full.',
  },
  {
    name: 'unclean.leader.election.enable',
    kind: 'boolean',
    default: 'false',
    synonym: 'unclean.leader.election.enable',
    doc: 'Allow a replica outside the ISR to become leader, at the risk of losing data.',
  },
];
