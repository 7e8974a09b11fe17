/**
 * SaslHandshake (key 17): the client names its SASL mechanism; the broker answers with the
 * mechanisms it enables. v0 is followed by raw SASL tokens in size-prefixed frames; v1 by
 * SaslAuthenticate requests (KIP-152). Versions 0–1, never flexible.
 */
import { ApiKey } from '../api-keys.js';
import { NEVER_FLEXIBLE } from '../api.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.SaslHandshake;
export const minVersion = 0;
export const maxVersion = 1;
export const firstFlexibleVersion = NEVER_FLEXIBLE;

export interface SaslHandshakeRequest {
  /** PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, ... */
  readonly mechanism: string;
}

export interface SaslHandshakeResponse {
  readonly errorCode: number;
  readonly mechanisms: readonly string[];
}

export function decodeRequest(r: Reader, _version: number): SaslHandshakeRequest {
  r.flexible = false;
  return { mechanism: r.readString() };
}

export function encodeRequest(w: Writer, request: SaslHandshakeRequest, _version: number): void {
  w.flexible = false;
  w.writeString(request.mechanism);
}

export function decodeResponse(r: Reader, _version: number): SaslHandshakeResponse {
  r.flexible = false;
  return { errorCode: r.readInt16(), mechanisms: r.readStringArray() };
}

export function encodeResponse(w: Writer, response: SaslHandshakeResponse, _version: number): void {
  w.flexible = false;
  w.writeInt16(response.errorCode).writeStringArray(response.mechanisms);
}
