/**
 * Test vectors produced by Apache Kafka's codec (see regenerate-vectors.ts), and the check that
 * holds a decoded Brokerlab message against Kafka's JSON view of the same bytes.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** Which message of which version a piece of Kafka JSON describes. */
export interface MessageKind {
  readonly version: number;
  readonly kind: 'request' | 'response';
}

export interface Vector {
  readonly version: number;
  readonly kind: 'request' | 'response';
  readonly hex: string;
  readonly json: unknown;
}

/** `ApiVersions` → .../vectors/api-versions.jsonl */
export function vectorFile(apiName: string): URL {
  const kebab = apiName.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  return new URL(`./vectors/${kebab}.jsonl`, import.meta.url);
}

export function readVectors(apiName: string): Vector[] {
  return readFileSync(vectorFile(apiName), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{"version"'))
    .map((line) => parseKafkaJson(line) as Vector);
}

/** JSON.parse, keeping integers too long for a double exact (as strings). */
export function parseKafkaJson(text: string): unknown {
  return JSON.parse(text.replace(/([:,[]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"'));
}

/**
 * Expects a decoded message to hold every value Kafka's JSON shows: same names, same values
 * (int64 as bigint, bytes as base64). Fields Kafka leaves out of a version are not compared here
 * (the property tests check their defaults); record sets are compared as bytes by the round trip.
 */
export function expectMatchesKafkaJson(mine: unknown, kafka: unknown, path = '$'): void {
  if (kafka === null) {
    expect(mine, path).toBeNull();
  } else if (Array.isArray(kafka)) {
    expect(Array.isArray(mine), `${path} is an array`).toBe(true);
    const list = mine as unknown[];
    expect(list.length, `${path}.length`).toBe(kafka.length);
    kafka.forEach((item, i) => expectMatchesKafkaJson(list[i], item, `${path}[${i}]`));
  } else if (typeof kafka === 'object') {
    expect(typeof mine, `${path} is an object`).toBe('object');
    for (const [key, value] of Object.entries(kafka as Record<string, unknown>)) {
      if (key === 'records') continue;
      expect(mine, `${path} has ${key}`).toHaveProperty([key]);
      expectMatchesKafkaJson((mine as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
  } else if (typeof mine === 'bigint') {
    expect(mine, path).toBe(BigInt(kafka as string | number));
  } else if (Buffer.isBuffer(mine)) {
    expect(mine.toString('base64'), path).toBe(kafka);
  } else {
    expect(mine, path).toBe(kafka);
  }
}

type Json = Record<string, unknown>;

/**
 * Where Brokerlab's one version-agnostic shape names a field differently from Kafka's per-version
 * JSON, this turns Kafka's JSON into Brokerlab's shape (documented in each module).
 */
const adapters: Record<string, (json: Json, message: MessageKind) => Json> = {
  // v15+ carries the fetching replica in ReplicaState; Brokerlab keeps replicaId/replicaEpoch flat.
  Fetch: (json, { kind }) => {
    if (kind !== 'request' || !json.replicaState) return json;
    const { replicaState, ...rest } = json;
    return { ...rest, ...(replicaState as Json) };
  },
  // Before v6 the request is a list of names.
  DeleteTopics: (json, { kind }) => {
    if (kind !== 'request' || !json.topicNames) return json;
    const { topicNames, ...rest } = json;
    return { ...rest, topics: (topicNames as string[]).map((name) => ({ name })) };
  },
  // Before v4 one key and one coordinator, not lists.
  FindCoordinator: (json, { kind, version }) => {
    if (version >= 4) return json;
    if (kind === 'request') return { keyType: json.keyType ?? 0, coordinatorKeys: [json.key] };
    const { throttleTimeMs, ...coordinator } = json;
    return { throttleTimeMs: throttleTimeMs ?? 0, coordinators: [coordinator] };
  },
  // Before v3 the request names one member.
  LeaveGroup: (json, { kind, version }) =>
    kind === 'request' && version < 3
      ? { groupId: json.groupId, members: [{ memberId: json.memberId }] }
      : json,
  // Before v8 one group, not a list.
  OffsetFetch: (json, { kind, version }) => {
    if (version >= 8) return json;
    if (kind === 'request') {
      const { requireStable, ...group } = json;
      return requireStable === undefined ? { groups: [group] } : { groups: [group], requireStable };
    }
    const { throttleTimeMs, ...group } = json;
    return throttleTimeMs === undefined ? { groups: [group] } : { throttleTimeMs, groups: [group] };
  },
  // Before v4 one transaction, not a list.
  AddPartitionsToTxn: (json, { kind, version }) => {
    if (version >= 4) return json;
    if (kind === 'request') {
      return {
        transactions: [
          {
            transactionalId: json.v3AndBelowTransactionalId,
            producerId: json.v3AndBelowProducerId,
            producerEpoch: json.v3AndBelowProducerEpoch,
            topics: json.v3AndBelowTopics,
          },
        ],
      };
    }
    return {
      throttleTimeMs: json.throttleTimeMs,
      resultsByTransaction: [{ topicResults: json.resultsByTopicV3AndBelow }],
    };
  },
  // In v0 an empty topic list means all topics, which is null in later versions.
  Metadata: (json, { kind, version }) =>
    kind === 'request' && version === 0 && (json.topics as unknown[]).length === 0
      ? { ...json, topics: null }
      : json,
};

/** Kafka's JSON of a message, reshaped where Brokerlab's one shape differs from Kafka's per-version one. */
export function adaptKafkaJson(apiName: string, message: MessageKind, json: unknown): unknown {
  const adapt = adapters[apiName];
  return adapt ? adapt(json as Json, message) : json;
}
