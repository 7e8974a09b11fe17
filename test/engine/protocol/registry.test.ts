import { describe, expect, it } from 'vitest';
import { ApiKey } from '../../../engine/protocol/api-keys.js';
import * as metadata from '../../../engine/protocol/apis/metadata.js';
import { ProtocolDecodeError } from '../../../engine/protocol/decode-error.js';
import { encodeRequestFrame } from '../../../engine/protocol/frame.js';
import {
  apiModule,
  apis,
  decodeRequestFrame,
  supportedApiVersions,
} from '../../../engine/protocol/registry.js';

const header = (apiKey: number, apiVersion: number): Buffer => {
  const b = Buffer.alloc(10);
  b.writeInt16BE(apiKey, 0);
  b.writeInt16BE(apiVersion, 2);
  b.writeInt32BE(99, 4);
  b.writeInt16BE(-1, 8);
  return b;
};

describe('registry', () => {
  it('advertises each module by key, sorted, with its version range', () => {
    const ranges = supportedApiVersions();
    expect(ranges.map((r) => r.apiKey)).toEqual([...ranges.map((r) => r.apiKey)].sort((a, b) => a - b));
    expect(ranges).toContainEqual({ apiKey: ApiKey.ApiVersions, minVersion: 0, maxVersion: 4 });
    expect(ranges).toHaveLength(Object.keys(apis).length);
  });

  it('narrows what it advertises to the APIs a listener serves', () => {
    expect(supportedApiVersions((key) => key === ApiKey.Metadata)).toEqual([
      { apiKey: ApiKey.Metadata, minVersion: metadata.minVersion, maxVersion: metadata.maxVersion },
    ]);
  });

  it('keeps every module consistent with its key and its version range', () => {
    for (const [name, api] of Object.entries(apis)) {
      expect(ApiKey[name as keyof typeof ApiKey]).toBe(api.apiKey);
      expect(apiModule(api.apiKey)).toBe(api);
      expect(api.minVersion).toBeLessThanOrEqual(api.maxVersion);
    }
  });

  it('tells an unknown API key from an unsupported version', () => {
    expect(decodeRequestFrame(header(1000, 0))).toMatchObject({
      kind: 'unknown-api',
      header: { apiKey: 1000, correlationId: 99 },
    });
    expect(decodeRequestFrame(header(ApiKey.Metadata, 99))).toMatchObject({
      kind: 'unsupported-version',
      header: { apiKey: ApiKey.Metadata, apiVersion: 99 },
    });
  });

  it('throws a ProtocolDecodeError for a truncated header or body, and ignores trailing bytes as Kafka does', () => {
    expect(() => decodeRequestFrame(Buffer.from([0, 3, 0]))).toThrow(ProtocolDecodeError);
    const frame = Buffer.concat(
      encodeRequestFrame(
        metadata,
        { apiVersion: 12, correlationId: 1, clientId: 'c' },
        {
          topics: null,
          allowAutoTopicCreation: true,
          includeClusterAuthorizedOperations: false,
          includeTopicAuthorizedOperations: false,
        },
      ),
    ).subarray(4);
    expect(decodeRequestFrame(frame).kind).toBe('request');
    expect(() => decodeRequestFrame(frame.subarray(0, frame.length - 1))).toThrow(ProtocolDecodeError);
    expect(decodeRequestFrame(Buffer.concat([frame, Buffer.from([1, 0, 0])])).kind).toBe('request');
  });
});
