/**
 * The shape of one API's codec module (engine/protocol/apis/<api>.ts). A module describes one
 * Kafka API across all the versions it supports: version-gated fields are `if (version >= N)`
 * inside one decoder and one encoder, never a copy per version. Requests and responses have one
 * version-agnostic shape; fields a version lacks are filled with Kafka's defaults on decode and
 * left out on encode.
 *
 * Both directions exist because the codec serves both sides: a broker decodes requests and
 * encodes responses; tests, the recording proxy and client code encode requests and decode
 * responses.
 */
import type { ApiKey } from './api-keys.js';
import type { Reader } from './reader.js';
import type { Writer } from './writer.js';

/** firstFlexibleVersion of an API that never uses compact types and tagged fields. */
export const NEVER_FLEXIBLE = Number.POSITIVE_INFINITY;

export interface ApiModule<Request = unknown, Response = unknown> {
  readonly apiKey: ApiKey;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** The first version with compact encodings and tagged fields (request header v2, response header v1). */
  readonly firstFlexibleVersion: number;
  decodeRequest(reader: Reader, version: number): Request;
  encodeRequest(writer: Writer, request: Request, version: number): void;
  decodeResponse(reader: Reader, version: number): Response;
  encodeResponse(writer: Writer, response: Response, version: number): void;
}

/** The request type of an API module. */
export type RequestOf<M> = M extends ApiModule<infer Request, unknown> ? Request : never;
/** The response type of an API module. */
export type ResponseOf<M> = M extends ApiModule<unknown, infer Response> ? Response : never;
