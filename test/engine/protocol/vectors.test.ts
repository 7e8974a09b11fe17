import { describe, expect, it } from 'vitest';
import type { ApiModule } from '../../../engine/protocol/api.js';
import { Reader } from '../../../engine/protocol/reader.js';
import { apis } from '../../../engine/protocol/registry.js';
import { Writer } from '../../../engine/protocol/writer.js';
import { adaptKafkaJson, expectMatchesKafkaJson, readVectors, type Vector } from './vectors.js';

function decode(api: ApiModule, vector: Vector): unknown {
  const reader = new Reader(Buffer.from(vector.hex, 'hex'));
  const message =
    vector.kind === 'request'
      ? api.decodeRequest(reader, vector.version)
      : api.decodeResponse(reader, vector.version);
  reader.expectEnd();
  return message;
}

function encode(api: ApiModule, vector: Vector, message: unknown): string {
  const writer = new Writer();
  if (vector.kind === 'request') api.encodeRequest(writer, message, vector.version);
  else api.encodeResponse(writer, message, vector.version);
  return writer.toBuffer().toString('hex');
}

describe.each(Object.entries(apis))('%s against Apache Kafka’s codec', (name, api) => {
  const vectors = readVectors(name);

  it('has vectors for every supported version, both directions', () => {
    for (let version = api.minVersion; version <= api.maxVersion; version++) {
      for (const kind of ['request', 'response']) {
        expect(
          vectors.some((v) => v.version === version && v.kind === kind),
          `v${version} ${kind}`,
        ).toBe(true);
      }
    }
  });

  it.each(vectors.map((v, i) => [`v${v.version} ${v.kind} #${i}`, v] as const))(
    'decodes %s to Kafka’s values and encodes it back to the same bytes',
    (_, vector) => {
      const message = decode(api, vector);
      expectMatchesKafkaJson(message, adaptKafkaJson(name, vector, vector.json));
      expect(encode(api, vector, message)).toBe(vector.hex);
    },
  );
});
