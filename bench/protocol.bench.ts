/**
 * Codec benchmarks on the hot path, printed beside their goals (`npm run bench protocol`):
 * Produce and Fetch requests and responses whose partitions carry 16 KiB record sets.
 *
 * - Produce request decode (the broker's side) and encode (a client's), 8 partitions x 16 KiB.
 * - Produce response encode and decode, 8 partitions.
 * - Fetch request decode and encode, 8 partitions (v12, named topics; v17, topic ids).
 * - Fetch response encode to chunks (what a socket writev gets: record sets stay the slices
 *   handed in) and to one buffer, and decode, 8 partitions x 16 KiB.
 *
 * Goals: at RF=3 the broker must take ≥ 400k records/s of 100 bytes (≈ 40 MB/s of produce
 * traffic, ≈ 120 MB/s of replica and consumer fetches); the codec should cost well under 5% of a
 * core there, so record-set messages must move ≥ 2 GB/s and small messages ≥ 200k ops/s.
 */
import type { ApiModule } from '../engine/protocol/api.js';
import * as fetch from '../engine/protocol/apis/fetch.js';
import * as produce from '../engine/protocol/apis/produce.js';
import { decodeResponseFrame, encodeRequestFrame, encodeResponseFrame } from '../engine/protocol/frame.js';
import { decodeRequestFrame } from '../engine/protocol/registry.js';
import { randomUuid, ZERO_UUID } from '../engine/protocol/uuid.js';

const PARTITIONS = 8;
const RECORD_SET = 16 * 1024;
const recordSets = Array.from({ length: PARTITIONS }, (_, i) => Buffer.alloc(RECORD_SET, i + 1));
const header = { correlationId: 7, clientId: 'bench-client' };
const topicId = randomUuid();

/**
 * Rates per second of this process's CPU time (user + system), not of wall time: on a shared
 * machine other processes take turns on the cores, and wall-clock rates would measure them too.
 */
function measure(
  run: () => unknown,
  bytes: number,
  minCpuMs = 1000,
): { opsPerSecond: number; mbPerSecond: number } {
  for (let i = 0; i < 2000; i++) run();
  let ops = 0;
  const start = process.cpuUsage();
  let cpuMs = 0;
  while (cpuMs < minCpuMs) {
    for (let i = 0; i < 500; i++) run();
    ops += 500;
    const used = process.cpuUsage(start);
    cpuMs = (used.user + used.system) / 1000;
  }
  const opsPerSecond = (ops * 1000) / cpuMs;
  return { opsPerSecond, mbPerSecond: (opsPerSecond * bytes) / 1e6 };
}

function report(name: string, run: () => unknown, bytes: number, goal: string): void {
  const { opsPerSecond, mbPerSecond } = measure(run, bytes);
  const figure = `${Math.round(opsPerSecond).toLocaleString('en')} ops/s  ${Math.round(mbPerSecond).toLocaleString('en')} MB/s`;
  console.log(`${name.padEnd(46)} ${figure.padStart(30)}   goal: ${goal}`);
}

const frameBytes = (chunks: Buffer[]): Buffer => Buffer.concat(chunks);
const payload = (chunks: Buffer[]): Buffer => frameBytes(chunks).subarray(4);

// ---- Produce ----
const produceVersion = 11;
const produceRequest: produce.ProduceRequest = {
  transactionalId: null,
  acks: -1,
  timeoutMs: 30_000,
  topicData: [
    {
      name: 'bench-topic',
      topicId: ZERO_UUID,
      partitionData: recordSets.map((records, index) => ({ index, records })),
    },
  ],
};
const produceRequestFrame = payload(
  encodeRequestFrame(produce, { ...header, apiVersion: produceVersion }, produceRequest),
);
const produceResponse: produce.ProduceResponse = {
  responses: [
    {
      name: 'bench-topic',
      topicId: ZERO_UUID,
      partitionResponses: recordSets.map((_, index) => ({
        index,
        errorCode: 0,
        baseOffset: 123_456_789n,
        logAppendTimeMs: -1n,
        logStartOffset: 0n,
        recordErrors: [],
        errorMessage: null,
        currentLeader: null,
      })),
    },
  ],
  throttleTimeMs: 0,
  nodeEndpoints: [],
};
const produceResponseFrame = payload(encodeResponseFrame(produce, produceVersion, 7, produceResponse));

// ---- Fetch ----
const fetchRequest = (version: number): fetch.FetchRequest => ({
  clusterId: null,
  replicaId: -1,
  replicaEpoch: -1n,
  maxWaitMs: 500,
  minBytes: 1,
  maxBytes: 52_428_800,
  isolationLevel: 0,
  sessionId: 0,
  sessionEpoch: -1,
  topics: [
    {
      topic: version >= 13 ? '' : 'bench-topic',
      topicId: version >= 13 ? topicId : ZERO_UUID,
      partitions: recordSets.map((_, partition) => ({
        partition,
        currentLeaderEpoch: 3,
        fetchOffset: 1_000_000n,
        lastFetchedEpoch: -1,
        logStartOffset: -1n,
        partitionMaxBytes: 1_048_576,
        replicaDirectoryId: ZERO_UUID,
        highWatermark: fetch.HIGH_WATERMARK_UNKNOWN,
      })),
    },
  ],
  forgottenTopicsData: [],
  rackId: '',
});
const fetchVersion = 17;
const fetchRequestFrames = [12, fetchVersion].map((version) => ({
  version,
  request: fetchRequest(version),
  frame: payload(encodeRequestFrame(fetch, { ...header, apiVersion: version }, fetchRequest(version))),
}));
const fetchResponse: fetch.FetchResponse = {
  throttleTimeMs: 0,
  errorCode: 0,
  sessionId: 0,
  responses: [
    {
      topic: '',
      topicId,
      partitions: recordSets.map((records, partitionIndex) => ({
        partitionIndex,
        errorCode: 0,
        highWatermark: 2_000_000n,
        lastStableOffset: 2_000_000n,
        logStartOffset: 0n,
        divergingEpoch: null,
        currentLeader: null,
        snapshotId: null,
        abortedTransactions: null,
        preferredReadReplica: -1,
        records: [records.subarray(0, RECORD_SET / 2), records.subarray(RECORD_SET / 2)],
      })),
    },
  ],
  nodeEndpoints: [],
};
const fetchResponseFrame = payload(encodeResponseFrame(fetch, fetchVersion, 7, fetchResponse));

const mustBeRequest = (frame: Buffer) => {
  const decoded = decodeRequestFrame(frame);
  if (decoded.kind !== 'request') throw new Error(`expected a request, got ${decoded.kind}`);
  return decoded;
};
const big = '≥ 2,000 MB/s';
const small = '≥ 200,000 ops/s';

console.log(
  `record sets: ${PARTITIONS} partitions x ${RECORD_SET / 1024} KiB; figures per message, per second of CPU time`,
);
report(
  `Produce v${produceVersion} request decode`,
  () => mustBeRequest(produceRequestFrame),
  produceRequestFrame.length,
  big,
);
report(
  `Produce v${produceVersion} request encode`,
  () => encodeRequestFrame(produce, { ...header, apiVersion: produceVersion }, produceRequest),
  produceRequestFrame.length,
  big,
);
report(
  `Produce v${produceVersion} response encode`,
  () => encodeResponseFrame(produce, produceVersion, 7, produceResponse),
  produceResponseFrame.length,
  small,
);
report(
  `Produce v${produceVersion} response decode`,
  () => decodeResponseFrame(produce, produceVersion, produceResponseFrame),
  produceResponseFrame.length,
  small,
);
for (const { version, request, frame } of fetchRequestFrames) {
  report(`Fetch v${version} request decode`, () => mustBeRequest(frame), frame.length, small);
  report(
    `Fetch v${version} request encode`,
    () =>
      encodeRequestFrame(fetch as ApiModule<fetch.FetchRequest>, { ...header, apiVersion: version }, request),
    frame.length,
    small,
  );
}
report(
  `Fetch v${fetchVersion} response encode (chunks)`,
  () => encodeResponseFrame(fetch, fetchVersion, 7, fetchResponse),
  fetchResponseFrame.length,
  big,
);
report(
  `Fetch v${fetchVersion} response encode (one buffer)`,
  () => frameBytes(encodeResponseFrame(fetch, fetchVersion, 7, fetchResponse)),
  fetchResponseFrame.length,
  'copies once; for comparison',
);
report(
  `Fetch v${fetchVersion} response decode`,
  () => decodeResponseFrame(fetch, fetchVersion, fetchResponseFrame),
  fetchResponseFrame.length,
  big,
);
