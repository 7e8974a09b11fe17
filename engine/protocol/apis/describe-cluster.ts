/**
 * DescribeCluster (key 60): cluster id, controller and brokers, for admin clients (KIP-700).
 * Versions 0–2, flexible in all.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.DescribeCluster;
export const minVersion = 0;
export const maxVersion = 2;
export const firstFlexibleVersion = 0;

/** Which endpoints to describe (v1+, KIP-919). */
export const EndpointType = { BROKER: 1, CONTROLLER: 2 } as const;

export interface DescribeClusterRequest {
  readonly includeClusterAuthorizedOperations: boolean;
  /** An EndpointType number (v1+); brokers before. */
  readonly endpointType: number;
  /** Whether to list fenced brokers too (v2+, KIP-1073). */
  readonly includeFencedBrokers: boolean;
}

export interface DescribeClusterBroker {
  readonly brokerId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
  /** v2+. */
  readonly isFenced: boolean;
}

export interface DescribeClusterResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  readonly errorMessage: string | null;
  /** v1+. */
  readonly endpointType: number;
  readonly clusterId: string;
  readonly controllerId: number;
  readonly brokers: readonly DescribeClusterBroker[];
  readonly clusterAuthorizedOperations: number;
}

export function decodeRequest(r: Reader, version: number): DescribeClusterRequest {
  r.flexible = version >= firstFlexibleVersion;
  const includeClusterAuthorizedOperations = r.readBoolean();
  // v1 adds the endpoint type (KIP-919), v2 fenced brokers (KIP-1073).
  const endpointType = version >= 1 ? r.readInt8() : EndpointType.BROKER;
  const includeFencedBrokers = version >= 2 ? r.readBoolean() : false;
  r.readTaggedFields();
  return { includeClusterAuthorizedOperations, endpointType, includeFencedBrokers };
}

export function encodeRequest(w: Writer, request: DescribeClusterRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeBoolean(request.includeClusterAuthorizedOperations);
  if (version >= 1) w.writeInt8(request.endpointType);
  if (version >= 2) w.writeBoolean(request.includeFencedBrokers);
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): DescribeClusterResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const errorCode = r.readInt16();
  const errorMessage = r.readNullableString();
  const endpointType = version >= 1 ? r.readInt8() : EndpointType.BROKER;
  const clusterId = r.readString();
  const controllerId = r.readInt32();
  const brokers = r.readArray((r): DescribeClusterBroker => {
    const brokerId = r.readInt32();
    const host = r.readString();
    const port = r.readInt32();
    const rack = r.readNullableString();
    const isFenced = version >= 2 ? r.readBoolean() : false;
    r.readTaggedFields();
    return { brokerId, host, port, rack, isFenced };
  });
  const clusterAuthorizedOperations = r.readInt32();
  r.readTaggedFields();
  return {
    throttleTimeMs,
    errorCode,
    errorMessage,
    endpointType,
    clusterId,
    controllerId,
    brokers,
    clusterAuthorizedOperations,
  };
}

export function encodeResponse(w: Writer, response: DescribeClusterResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs)
    .writeInt16(response.errorCode)
    .writeNullableString(response.errorMessage);
  if (version >= 1) w.writeInt8(response.endpointType);
  w.writeString(response.clusterId).writeInt32(response.controllerId);
  w.writeArray(response.brokers, (w, b) => {
    w.writeInt32(b.brokerId).writeString(b.host).writeInt32(b.port).writeNullableString(b.rack);
    if (version >= 2) w.writeBoolean(b.isFenced);
    w.writeTaggedFields();
  });
  w.writeInt32(response.clusterAuthorizedOperations).writeTaggedFields();
}
