import { describe, expect, it } from 'vitest';
import * as apiVersions from '../../../engine/protocol/apis/api-versions.js';
import * as metadata from '../../../engine/protocol/apis/metadata.js';
import {
  decodeResponseFrame,
  encodeRequestFrame,
  encodeResponseFrame,
  requestHeaderVersion,
  responseHeaderVersion,
} from '../../../engine/protocol/frame.js';
import { FrameSplitter } from '../../../engine/protocol/frame-splitter.js';
import { decodeRequestFrame } from '../../../engine/protocol/registry.js';

const unframe = (chunks: Buffer[]): Buffer => {
  const frames = new FrameSplitter(1 << 20).push(Buffer.concat(chunks));
  expect(frames).toHaveLength(1);
  return frames[0]!;
};

describe('header versions', () => {
  it('uses request header v2 and response header v1 for flexible versions', () => {
    expect(requestHeaderVersion(metadata, 8)).toBe(1);
    expect(requestHeaderVersion(metadata, 9)).toBe(2);
    expect(responseHeaderVersion(metadata, 8)).toBe(0);
    expect(responseHeaderVersion(metadata, 9)).toBe(1);
  });

  it('keeps response header v0 for ApiVersions at every version', () => {
    expect(requestHeaderVersion(apiVersions, 3)).toBe(2);
    expect(responseHeaderVersion(apiVersions, 3)).toBe(0);
    expect(responseHeaderVersion(apiVersions, 4)).toBe(0);
  });
});

describe('request frames', () => {
  it('writes header v2 with a two-byte client id and empty tagged fields', () => {
    const chunks = encodeRequestFrame(
      apiVersions,
      { apiVersion: 3, correlationId: 1, clientId: 'ab' },
      { clientSoftwareName: 'x', clientSoftwareVersion: '1' },
    );
    // size 18; key 18, version 3, correlation 1, client id "ab" (int16 length), no tags; body.
    expect(Buffer.concat(chunks).toString('hex')).toBe(
      '00000012' + '0012' + '0003' + '00000001' + '00026162' + '00' + '0278' + '0231' + '00',
    );
  });

  it('round-trips through decodeRequestFrame with the header it was written with', () => {
    const request = { clientSoftwareName: 'brokerlab', clientSoftwareVersion: '0.1.0' };
    const payload = unframe(
      encodeRequestFrame(apiVersions, { apiVersion: 3, correlationId: 7, clientId: null }, request),
    );
    const decoded = decodeRequestFrame(payload);
    expect(decoded).toMatchObject({
      kind: 'request',
      name: 'ApiVersions',
      header: { apiKey: 18, apiVersion: 3, correlationId: 7, clientId: null },
      request,
    });
  });
});

describe('response frames', () => {
  it('writes header v0 for ApiVersions v3, so a client can read it before it knows the versions', () => {
    const response: apiVersions.ApiVersionsResponse = {
      errorCode: 0,
      apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }],
      throttleTimeMs: 0,
      supportedFeatures: [],
      finalizedFeaturesEpoch: -1n,
      finalizedFeatures: [],
      zkMigrationReady: false,
    };
    const payload = unframe(encodeResponseFrame(apiVersions, 3, 42, response));
    // correlation id, then the body directly: error 0, compact array of 1, the range, no tags, throttle, no tags.
    expect(payload.toString('hex')).toBe(
      '0000002a' + '0000' + '02' + '0012' + '0000' + '0004' + '00' + '00000000' + '00',
    );
    expect(decodeResponseFrame(apiVersions, 3, payload)).toEqual({ correlationId: 42, response });
  });

  it('writes header v1 (with tagged fields) for flexible versions of other APIs', () => {
    const response: metadata.MetadataResponse = {
      throttleTimeMs: 0,
      brokers: [],
      clusterId: null,
      controllerId: 1,
      topics: [],
      clusterAuthorizedOperations: metadata.AUTHORIZED_OPERATIONS_OMITTED,
      errorCode: 0,
    };
    const payload = unframe(encodeResponseFrame(metadata, 12, 5, response));
    expect(payload.subarray(0, 5).toString('hex')).toBe('00000005' + '00');
    expect(decodeResponseFrame(metadata, 12, payload)).toEqual({ correlationId: 5, response });
  });
});
