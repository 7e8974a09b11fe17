/**
 * The topics of one broker's data directory (Kafka's LogManager, reduced): it owns every
 * partition log under `dataDir`, creates and deletes them, and keeps a record of topic configs
 * for the single-broker case (a cluster keeps topic metadata in its controller log instead and
 * calls `ensurePartition` / `removePartition` for the replicas assigned here).
 *
 * Layout:
 *   <dataDir>/topics.json                       { version: 1, topics: [{ name, topicId, partitions, configs }] }
 *   <dataDir>/<topic>-<partition>/              one PartitionLog each (log.ts)
 *   <dataDir>/<topic>-<partition>.<uuid>-delete a deleted partition awaiting removal
 *
 * Deletion is rename-then-remove, as Kafka does it: the rename is atomic, so a crash leaves a
 * `-delete` directory that the next open removes, never a half-deleted live partition.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, KafkaError } from '../protocol/errors.js';
import type { TopicPartition } from '../types.js';
import { topicPartitionKey } from '../types.js';
import type { Clock } from '../util/clock.js';
import { writeFileAtomically } from './checkpoint-file.js';
import type { DiskHooks } from './disk-hooks.js';
import { healthyDisk } from './disk-hooks.js';
import { DELETE_DIR_SUFFIX, parsePartitionDirName } from './file-names.js';
import { parseLogConfig, validateTopicConfigs } from './log-config.js';
import { PartitionLog } from './log.js';

const TOPICS_FILE = 'topics.json';
const MAX_TOPIC_NAME_LENGTH = 249;

export class TopicExistsError extends KafkaError {
  override readonly name = 'TopicExistsError';
  constructor(topic: string) {
    super(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${topic}' already exists.`);
  }
}

export class UnknownTopicError extends KafkaError {
  override readonly name = 'UnknownTopicError';
  constructor(topic: string) {
    super(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${topic}' does not exist.`);
  }
}

export class InvalidTopicError extends KafkaError {
  override readonly name = 'InvalidTopicError';
  constructor(message: string) {
    super(ErrorCode.INVALID_TOPIC_EXCEPTION, message);
  }
}

export class InvalidPartitionsError extends KafkaError {
  override readonly name = 'InvalidPartitionsError';
  constructor(message: string) {
    super(ErrorCode.INVALID_PARTITIONS, message);
  }
}

/** Kafka's topic name rules: 1-249 of [a-zA-Z0-9._-], not "." or "..". */
export function validateTopicName(name: string): void {
  if (name.length === 0) throw new InvalidTopicError("Topic name is illegal, it can't be empty");
  if (name === '.' || name === '..') throw new InvalidTopicError('Topic name cannot be "." or ".."');
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    throw new InvalidTopicError(
      `Topic name is illegal, it can't be longer than ${MAX_TOPIC_NAME_LENGTH} characters`,
    );
  }
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
    throw new InvalidTopicError(
      `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`,
    );
  }
}

/** A new Kafka topic id: 16 random bytes as URL-safe base64 without padding. */
export function newTopicId(): string {
  return randomBytes(16).toString('base64url');
}

export interface TopicRecord {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: number;
  /** The topic's own config overrides (defaults come from the broker and Kafka). */
  readonly configs: Readonly<Record<string, string>>;
}

export interface TopicManagerOptions {
  readonly dataDir: string;
  /** Broker-level settings (`log.retention.ms`, ...) that supply topic defaults. */
  readonly brokerConfig?: Readonly<Record<string, string>>;
  readonly time?: Clock;
  readonly disk?: DiskHooks;
}

export class TopicManager {
  private readonly records = new Map<string, TopicRecord>();
  private readonly logs = new Map<string, PartitionLog>();
  private readonly disk: DiskHooks;

  private constructor(private readonly options: TopicManagerOptions) {
    this.disk = options.disk ?? healthyDisk;
  }

  /** Opens the data directory: removes `-delete` leftovers, loads the topic record, opens every partition log. */
  static open(options: TopicManagerOptions): TopicManager {
    const manager = new TopicManager(options);
    mkdirSync(options.dataDir, { recursive: true });
    const file = join(options.dataDir, TOPICS_FILE);
    if (existsSync(file)) {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version: number; topics: TopicRecord[] };
      for (const topic of parsed.topics) manager.records.set(topic.name, topic);
    }
    for (const name of readdirSync(options.dataDir, { withFileTypes: true })) {
      if (!name.isDirectory()) continue;
      if (name.name.endsWith(DELETE_DIR_SUFFIX)) {
        rmSync(join(options.dataDir, name.name), { recursive: true, force: true });
        continue;
      }
      const tp = parsePartitionDirName(name.name);
      if (tp) manager.openLog(tp);
    }
    return manager;
  }

  private configFor(topic: string) {
    return parseLogConfig(this.records.get(topic)?.configs ?? {}, this.options.brokerConfig ?? {});
  }

  private openLog(tp: TopicPartition): PartitionLog {
    const key = topicPartitionKey(tp);
    const existing = this.logs.get(key);
    if (existing) return existing;
    const log = PartitionLog.open({
      dir: join(this.options.dataDir, key),
      tp,
      config: this.configFor(tp.topic),
      ...(this.options.time ? { time: this.options.time } : {}),
      disk: this.disk,
    });
    this.logs.set(key, log);
    return log;
  }

  private persist(): void {
    const body = JSON.stringify({ version: 1, topics: [...this.records.values()] }, null, 2);
    writeFileAtomically(join(this.options.dataDir, TOPICS_FILE), Buffer.from(body, 'utf8'), this.disk, true);
  }

  topics(): TopicRecord[] {
    return [...this.records.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  topic(name: string): TopicRecord | undefined {
    return this.records.get(name);
  }

  /** The log of a partition hosted here, if any. */
  log(tp: TopicPartition): PartitionLog | undefined {
    return this.logs.get(topicPartitionKey(tp));
  }

  /** Every partition log hosted here. */
  allLogs(): PartitionLog[] {
    return [...this.logs.values()];
  }

  /**
   * Creates a topic with `partitions` partition logs; refuses an existing or illegal name, a
   * partition count below 1 and invalid configs (naming the key). `validateOnly` checks only.
   */
  createTopic(
    name: string,
    partitions: number,
    configs: Readonly<Record<string, string>> = {},
    options: { validateOnly?: boolean; topicId?: string } = {},
  ): TopicRecord {
    validateTopicName(name);
    if (this.records.has(name)) throw new TopicExistsError(name);
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new InvalidPartitionsError(`Number of partitions must be at least 1, got ${partitions}.`);
    }
    validateTopicConfigs(configs);
    parseLogConfig(configs, this.options.brokerConfig ?? {});
    const record: TopicRecord = {
      name,
      topicId: options.topicId ?? newTopicId(),
      partitions,
      configs: { ...configs },
    };
    if (options.validateOnly) return record;
    this.records.set(name, record);
    this.persist();
    for (let partition = 0; partition < partitions; partition++) this.openLog({ topic: name, partition });
    return record;
  }

  /** Adds partitions up to `count` (Kafka never removes partitions). */
  createPartitions(name: string, count: number): TopicRecord {
    const record = this.records.get(name);
    if (!record) throw new UnknownTopicError(name);
    if (count <= record.partitions) {
      throw new InvalidPartitionsError(
        `Topic currently has ${record.partitions} partitions, which is higher than the requested ${count}.`,
      );
    }
    const updated = { ...record, partitions: count };
    this.records.set(name, updated);
    this.persist();
    for (let partition = record.partitions; partition < count; partition++)
      this.openLog({ topic: name, partition });
    return updated;
  }

  /** Replaces a topic's config overrides and applies them to its open logs. */
  alterConfigs(
    name: string,
    configs: Readonly<Record<string, string>>,
    options: { validateOnly?: boolean } = {},
  ): void {
    const record = this.records.get(name);
    if (!record) throw new UnknownTopicError(name);
    validateTopicConfigs(configs);
    const config = parseLogConfig(configs, this.options.brokerConfig ?? {});
    if (options.validateOnly) return;
    this.records.set(name, { ...record, configs: { ...configs } });
    this.persist();
    for (const log of this.logs.values()) if (log.tp.topic === name) log.updateConfig(config);
  }

  /** Deletes a topic: its record, then each partition directory by rename-then-remove. */
  deleteTopic(name: string): void {
    if (!this.records.has(name)) throw new UnknownTopicError(name);
    this.records.delete(name);
    this.persist();
    for (const log of [...this.logs.values()]) if (log.tp.topic === name) this.removePartition(log.tp);
  }

  /** Opens (creating when missing) the log of a partition assigned to this broker. */
  ensurePartition(tp: TopicPartition): PartitionLog {
    return this.openLog(tp);
  }

  /** Closes a partition's log and removes its directory (rename to `-delete`, then remove). */
  removePartition(tp: TopicPartition): void {
    const key = topicPartitionKey(tp);
    const log = this.logs.get(key);
    if (!log) return;
    log.closeWithoutFlush();
    this.logs.delete(key);
    const doomed = join(
      this.options.dataDir,
      `${key}.${randomUUID().replaceAll('-', '')}${DELETE_DIR_SUFFIX}`,
    );
    renameSync(log.dir, doomed);
    rmSync(doomed, { recursive: true, force: true });
  }

  /** Closes every log cleanly (flushed, checkpointed). */
  close(): void {
    for (const log of this.logs.values()) log.close();
    this.logs.clear();
  }
}
