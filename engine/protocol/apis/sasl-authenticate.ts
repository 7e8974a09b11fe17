/**
 * SaslAuthenticate (key 36): one round of SASL tokens after SaslHandshake v1 (KIP-152).
 * Versions 0–2, flexible from 2. Tokens are opaque bytes, views of the request frame.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.SaslAuthenticate;
export const minVersion = 0;
export const maxVersion = 2;
export const firstFlexibleVersion = 2;

export interface SaslAuthenticateRequest {
  readonly authBytes: Buffer;
}

export interface SaslAuthenticateResponse {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly authBytes: Buffer;
  /** How long the authenticated session may last (v1+, KIP-368); 0 for no limit. */
  readonly sessionLifetimeMs: bigint;
}

export function decodeRequest(r: Reader, version: number): SaslAuthenticateRequest {
  r.flexible = version >= firstFlexibleVersion;
  const authBytes = r.readBytes();
  r.readTaggedFields();
  return { authBytes };
}

export function encodeRequest(w: Writer, request: SaslAuthenticateRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeBytes(request.authBytes).writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): SaslAuthenticateResponse {
  r.flexible = version >= firstFlexibleVersion;
  const errorCode = r.readInt16();
  const errorMessage = r.readNullableString();
  const authBytes = r.readBytes();
  // v1 adds the session lifetime (KIP-368).
  const sessionLifetimeMs = version >= 1 ? r.readInt64() : 0n;
  r.readTaggedFields();
  return { errorCode, errorMessage, authBytes, sessionLifetimeMs };
}

export function encodeResponse(w: Writer, response: SaslAuthenticateResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt16(response.errorCode).writeNullableString(response.errorMessage).writeBytes(response.authBytes);
  if (version >= 1) w.writeInt64(response.sessionLifetimeMs);
  w.writeTaggedFields();
}
