/**
 * Frames and headers. On the wire every request and response is a frame: an int32 size, then
 * that many bytes. A request frame holds a request header and the request body; a response frame
 * a response header and the response body.
 *
 * Request header (Kafka's RequestHeader.json):
 *   v1: api_key int16, api_version int16, correlation_id int32, client_id NULLABLE_STRING
 *   v2: v1 + tagged fields. The client id stays a two-byte-length string even in v2.
 *   (v0, without client id, was used only by ControlledShutdown v0, which no client sends.)
 * Response header: v0: correlation_id int32; v1: v0 + tagged fields.
 *
 * Which header a message uses: flexible versions of an API use request header v2 and response
 * header v1, the others v1 and v0 — except ApiVersions responses, which always use header v0,
 * because a client must read the response before it knows which versions the broker speaks.
 */
import type { ApiModule } from './api.js';
import { ApiKey } from './api-keys.js';
import { Reader } from './reader.js';
import { Writer } from './writer.js';

export interface RequestHeader {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
}

export function isFlexible(api: ApiModule, version: number): boolean {
  return version >= api.firstFlexibleVersion;
}

export function requestHeaderVersion(api: ApiModule, version: number): 1 | 2 {
  return isFlexible(api, version) ? 2 : 1;
}

export function responseHeaderVersion(api: ApiModule, version: number): 0 | 1 {
  if (api.apiKey === ApiKey.ApiVersions) return 0;
  return isFlexible(api, version) ? 1 : 0;
}

/**
 * Reads the part of a request header every version shares (key, version, correlation id and
 * client id), leaving the reader at the header's tagged fields (v2) or at the body (v1).
 */
export function readRequestHeaderPrefix(reader: Reader): RequestHeader {
  reader.flexible = false;
  const apiKey = reader.readInt16();
  const apiVersion = reader.readInt16();
  const correlationId = reader.readInt32();
  const clientId = reader.readNullableString();
  return { apiKey, apiVersion, correlationId, clientId };
}

/** Reads the rest of a request header of the given version (its tagged fields in v2). */
export function readRequestHeaderTail(reader: Reader, headerVersion: 1 | 2): void {
  reader.flexible = headerVersion >= 2;
  reader.readTaggedFields();
}

export function writeRequestHeader(writer: Writer, header: RequestHeader, headerVersion: 1 | 2): void {
  writer.flexible = false;
  writer.writeInt16(header.apiKey).writeInt16(header.apiVersion).writeInt32(header.correlationId);
  writer.writeNullableString(header.clientId);
  writer.flexible = headerVersion >= 2;
  writer.writeTaggedFields();
}

export function readResponseHeader(reader: Reader, headerVersion: 0 | 1): { correlationId: number } {
  reader.flexible = headerVersion >= 1;
  const correlationId = reader.readInt32();
  reader.readTaggedFields();
  return { correlationId };
}

export function writeResponseHeader(writer: Writer, correlationId: number, headerVersion: 0 | 1): void {
  writer.flexible = headerVersion >= 1;
  writer.writeInt32(correlationId);
  writer.writeTaggedFields();
}

/** A request as a size-prefixed frame, in chunks (see Writer). */
export function encodeRequestFrame<Request>(
  api: ApiModule<Request, unknown>,
  header: Omit<RequestHeader, 'apiKey'>,
  request: Request,
): Buffer[] {
  const writer = new Writer();
  const size = writer.reserveInt32();
  writeRequestHeader(writer, { ...header, apiKey: api.apiKey }, requestHeaderVersion(api, header.apiVersion));
  api.encodeRequest(writer, request, header.apiVersion);
  size.set(writer.byteLength - 4);
  return writer.chunks();
}

/** A response as a size-prefixed frame, in chunks: record sets stay the slices handed in. */
export function encodeResponseFrame<Response>(
  api: ApiModule<unknown, Response>,
  version: number,
  correlationId: number,
  response: Response,
): Buffer[] {
  const writer = new Writer(1024);
  const size = writer.reserveInt32();
  writeResponseHeader(writer, correlationId, responseHeaderVersion(api, version));
  api.encodeResponse(writer, response, version);
  size.set(writer.byteLength - 4);
  return writer.chunks();
}

/**
 * Decodes a response frame's payload (without its size prefix) for a request sent with the
 * given API version. Throws ProtocolDecodeError on malformed bytes.
 */
export function decodeResponseFrame<Response>(
  api: ApiModule<unknown, Response>,
  version: number,
  payload: Buffer,
): { correlationId: number; response: Response } {
  const reader = new Reader(payload);
  const { correlationId } = readResponseHeader(reader, responseHeaderVersion(api, version));
  const response = api.decodeResponse(reader, version);
  reader.expectEnd();
  return { correlationId, response };
}
