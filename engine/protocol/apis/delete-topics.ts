/**
 * DeleteTopics (key 20): delete topics by name, or by name or id from v6.
 * Versions 1–6 (Kafka 4 dropped v0), flexible from 4.
 *
 * Before v6 the request is a list of names; one shape serves all versions: a list of
 * { name, topicId } where older versions carry the name and the zero UUID.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import { ZERO_UUID } from '../uuid.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.DeleteTopics;
export const minVersion = 1;
export const maxVersion = 6;
export const firstFlexibleVersion = 4;

export interface DeleteTopicState {
  /** Null when the topic is named by id (v6+). */
  readonly name: string | null;
  /** The zero UUID when the topic is named by name. */
  readonly topicId: string;
}

export interface DeleteTopicsRequest {
  readonly topics: readonly DeleteTopicState[];
  readonly timeoutMs: number;
}

export interface DeletableTopicResult {
  /** Null for an unknown topic asked by id (v6+). */
  readonly name: string | null;
  readonly topicId: string;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

export interface DeleteTopicsResponse {
  readonly throttleTimeMs: number;
  readonly responses: readonly DeletableTopicResult[];
}

export function decodeRequest(r: Reader, version: number): DeleteTopicsRequest {
  r.flexible = version >= firstFlexibleVersion;
  // v6 replaces the list of names with topics named by name or id.
  const topics =
    version >= 6
      ? r.readArray((r): DeleteTopicState => {
          const topic = { name: r.readNullableString(), topicId: r.readUuid() };
          r.readTaggedFields();
          return topic;
        })
      : r.readStringArray().map((name) => ({ name, topicId: ZERO_UUID }));
  const timeoutMs = r.readInt32();
  r.readTaggedFields();
  return { topics, timeoutMs };
}

export function encodeRequest(w: Writer, request: DeleteTopicsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 6) {
    w.writeArray(request.topics, (w, t) =>
      w.writeNullableString(t.name).writeUuid(t.topicId).writeTaggedFields(),
    );
  } else {
    w.writeStringArray(request.topics.map((t) => t.name ?? ''));
  }
  w.writeInt32(request.timeoutMs).writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): DeleteTopicsResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const responses = r.readArray((r): DeletableTopicResult => {
    // v6 allows a null name and adds the topic id.
    const name = version >= 6 ? r.readNullableString() : r.readString();
    const topicId = version >= 6 ? r.readUuid() : ZERO_UUID;
    const errorCode = r.readInt16();
    // v5 adds the error message.
    const errorMessage = version >= 5 ? r.readNullableString() : null;
    r.readTaggedFields();
    return { name, topicId, errorCode, errorMessage };
  });
  r.readTaggedFields();
  return { throttleTimeMs, responses };
}

export function encodeResponse(w: Writer, response: DeleteTopicsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.responses, (w, t) => {
    if (version >= 6) w.writeNullableString(t.name).writeUuid(t.topicId);
    else w.writeString(t.name ?? '');
    w.writeInt16(t.errorCode);
    if (version >= 5) w.writeNullableString(t.errorMessage);
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
