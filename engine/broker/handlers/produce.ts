/**
 * Produce: record batches appended to the partitions this broker leads, acknowledged per `acks`
 * (0: no response at all, the connection sees to it; 1: the leader's append; -1: the whole ISR,
 * with `min.insync.replicas`). Before anything is appended, each partition is checked as Kafka's
 * KafkaApis checks it:
 *
 * - a topic or partition the cluster does not know: UNKNOWN_TOPIC_OR_PARTITION (by id, v13+:
 *   UNKNOWN_TOPIC_ID); an internal topic: INVALID_TOPIC_EXCEPTION (only coordinators write there);
 * - the record set must hold exactly one RecordBatch v2 (ProduceRequest.validateRecords):
 *   INVALID_RECORD otherwise, CORRUPT_MESSAGE when its size field cannot be a batch;
 * - transactional batches without a transactional id: the whole request fails with
 *   TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
 * - acks other than -1, 0, 1: INVALID_REQUIRED_ACKS for every partition that passed the checks.
 *
 * The rest (CRC, sizes against `max.message.bytes`, timestamps, idempotent sequence numbers and
 * epochs, leadership, NOT_ENOUGH_REPLICAS) is the ReplicaManager's and its log's, whose per-
 * partition codes go back as they are; record errors and an error message only with
 * INVALID_RECORD and INVALID_TIMESTAMP, as Kafka sends them. appendRecords is called synchronously, before this
 * handler first awaits, so pipelined requests of a connection append in the order they came.
 * A NOT_LEADER_OR_FOLLOWER answer names the leader this broker knows and its endpoint (v10+).
 */
import type {
  ProducePartitionResponse,
  ProduceRequest,
  ProduceResponse,
} from '../../protocol/apis/produce.js';
import * as produce from '../../protocol/apis/produce.js';
import { ErrorCode } from '../../protocol/errors.js';
import {
  ATTRIBUTES_OFFSET,
  BATCH_LENGTH_OFFSET,
  CURRENT_MAGIC,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  RECORD_BATCH_OVERHEAD,
} from '../../records/batch.js';
import { defineHandler } from '../handler.js';
import { isInternalTopic } from '../internal-topics.js';
import type { Acks, PartitionAppendResult } from '../services.js';
import { currentLeader, LeaderEndpoints, partitionExists } from './partitions.js';

/** Kafka's AdminUtils.ADMIN_CLIENT_ID: the one client allowed to write internal topics. */
const ADMIN_CLIENT_ID = '__admin_client';
const TRANSACTIONAL_BIT = 0x10;

interface PartitionSlot {
  readonly index: number;
  response: ProducePartitionResponse | null;
}

export default defineHandler({
  api: produce,
  async handle(request, context) {
    const { metadata, replicas } = context.services;
    const version = context.apiVersion;
    if (request.transactionalId === null && hasTransactionalRecords(request)) {
      return errorResponse(request, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
    }
    const topicSlots: PartitionSlot[][] = [];
    const entries: { tp: { topic: string; partition: number }; records: Buffer }[] = [];
    const appended: PartitionSlot[] = [];
    for (const topicData of request.topicData) {
      const topic = version >= 13 ? (metadata.topicById(topicData.topicId)?.name ?? null) : topicData.name;
      const slots: PartitionSlot[] = [];
      topicSlots.push(slots);
      for (const partition of topicData.partitionData) {
        const slot: PartitionSlot = { index: partition.index, response: null };
        slots.push(slot);
        if (topic === null) {
          slot.response = failed(partition.index, ErrorCode.UNKNOWN_TOPIC_ID);
        } else if (!partitionExists(metadata, topic, partition.index)) {
          slot.response = failed(partition.index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        } else if (isInternalTopic(topic) && context.clientId !== ADMIN_CLIENT_ID) {
          slot.response = failed(
            partition.index,
            ErrorCode.INVALID_TOPIC_EXCEPTION,
            `Cannot append to internal topic ${topic}`,
          );
        } else {
          const invalid = checkRecords(partition.records, version);
          if (invalid !== null) {
            slot.response = failed(partition.index, invalid.code, invalid.message);
          } else if (!isValidAcks(request.acks)) {
            slot.response = failed(partition.index, ErrorCode.INVALID_REQUIRED_ACKS);
          } else {
            entries.push({ tp: { topic, partition: partition.index }, records: partition.records! });
            appended.push(slot);
          }
        }
      }
    }

    // No await before this call: appends must happen in request order (see the file comment).
    const results =
      entries.length === 0
        ? []
        : await replicas.appendRecords({
            acks: request.acks as Acks,
            timeoutMs: request.timeoutMs,
            transactionalId: request.transactionalId,
            entries,
          });

    const leaders = new LeaderEndpoints(metadata);
    appended.forEach((slot, i) => {
      const result = results[i];
      slot.response =
        result === undefined
          ? failed(slot.index, ErrorCode.UNKNOWN_SERVER_ERROR)
          : toPartitionResponse(result, version, leaders, context.services.metadata);
    });

    return {
      responses: request.topicData.map((topicData, topicIndex) => ({
        name: topicData.name,
        topicId: topicData.topicId,
        partitionResponses: topicSlots[topicIndex]!.map((s) => s.response!),
      })),
      throttleTimeMs: 0,
      nodeEndpoints: version >= 10 ? leaders.endpoints() : [],
    };
  },
  errorResponse: (request, error) => errorResponse(request, error),
});

function isValidAcks(acks: number): acks is Acks {
  return acks === -1 || acks === 0 || acks === 1;
}

function failed(
  index: number,
  errorCode: ErrorCode,
  errorMessage: string | null = null,
): ProducePartitionResponse {
  return {
    index,
    errorCode,
    baseOffset: -1n,
    logAppendTimeMs: -1n,
    logStartOffset: -1n,
    recordErrors: [],
    errorMessage,
    currentLeader: null,
  };
}

function toPartitionResponse(
  result: PartitionAppendResult,
  version: number,
  leaders: LeaderEndpoints,
  metadata: Parameters<typeof currentLeader>[0],
): ProducePartitionResponse {
  let leader: ProducePartitionResponse['currentLeader'] = null;
  if (version >= 10 && result.errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER) {
    leader = result.currentLeader ?? currentLeader(metadata, result.tp.topic, result.tp.partition);
    leaders.add(leader.leaderId);
  }
  // Kafka explains only record validation failures (its RecordValidationException): other
  // errors come without record errors or message, and clients read any record error as a
  // failure of its own (@platformatic/kafka reports it as code -1).
  const explained =
    result.errorCode === ErrorCode.INVALID_RECORD || result.errorCode === ErrorCode.INVALID_TIMESTAMP;
  return {
    index: result.tp.partition,
    errorCode: result.errorCode,
    baseOffset: BigInt(result.baseOffset),
    logAppendTimeMs: BigInt(result.logAppendTime),
    logStartOffset: BigInt(result.logStartOffset),
    recordErrors: explained
      ? result.recordErrors.map((e) => ({ batchIndex: e.batchIndex, batchIndexErrorMessage: e.message }))
      : [],
    errorMessage: explained ? result.errorMessage : null,
    currentLeader: leader,
  };
}

/** Kafka's ProduceRequest.validateRecords for v3+: exactly one batch, of magic 2. */
function checkRecords(records: Buffer | null, version: number): { code: ErrorCode; message: string } | null {
  const noBatch = {
    code: ErrorCode.INVALID_RECORD,
    message: `Produce requests with version ${version} must have at least one record batch per partition`,
  };
  if (records === null || records.length < LOG_OVERHEAD) return noBatch;
  const size = records.readInt32BE(BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
  if (size <= MAGIC_OFFSET) {
    return {
      code: ErrorCode.CORRUPT_MESSAGE,
      message: `Record batch size ${size} is too small to hold a batch header`,
    };
  }
  if (size > records.length) return noBatch;
  if (records.readInt8(MAGIC_OFFSET) !== CURRENT_MAGIC) {
    return {
      code: ErrorCode.INVALID_RECORD,
      message: `Produce requests with version ${version} are only allowed to contain record batches with magic version 2`,
    };
  }
  const rest = records.length - size;
  if (rest >= LOG_OVERHEAD && records.readInt32BE(size + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD <= rest) {
    return {
      code: ErrorCode.INVALID_RECORD,
      message: `Produce requests with version ${version} are only allowed to contain exactly one record batch per partition`,
    };
  }
  return null;
}

/** Kafka's RequestUtils.hasTransactionalRecords: the first batch of some partition is transactional. */
function hasTransactionalRecords(request: ProduceRequest): boolean {
  return request.topicData.some((topic) =>
    topic.partitionData.some(
      ({ records }) =>
        records !== null &&
        records.length >= RECORD_BATCH_OVERHEAD &&
        records.readInt8(MAGIC_OFFSET) === CURRENT_MAGIC &&
        (records.readInt16BE(ATTRIBUTES_OFFSET) & TRANSACTIONAL_BIT) !== 0,
    ),
  );
}

function errorResponse(request: ProduceRequest, error: ErrorCode): ProduceResponse {
  return {
    responses: request.topicData.map((topic) => ({
      name: topic.name,
      topicId: topic.topicId,
      partitionResponses: topic.partitionData.map((p) => failed(p.index, error)),
    })),
    throttleTimeMs: 0,
    nodeEndpoints: [],
  };
}
