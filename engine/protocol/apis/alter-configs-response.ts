/**
 * The response AlterConfigs and IncrementalAlterConfigs share: the same fields in every version
 * of both (only the flexible encoding differs, chosen by the caller).
 */
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export interface AlterConfigsResourceResponse {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly resourceType: number;
  readonly resourceName: string;
}

export interface AlterConfigsResponse {
  readonly throttleTimeMs: number;
  readonly responses: readonly AlterConfigsResourceResponse[];
}

export function readAlterConfigsResponse(r: Reader): AlterConfigsResponse {
  const throttleTimeMs = r.readInt32();
  const responses = r.readArray((r): AlterConfigsResourceResponse => {
    const errorCode = r.readInt16();
    const errorMessage = r.readNullableString();
    const resourceType = r.readInt8();
    const resourceName = r.readString();
    r.readTaggedFields();
    return { errorCode, errorMessage, resourceType, resourceName };
  });
  r.readTaggedFields();
  return { throttleTimeMs, responses };
}

export function writeAlterConfigsResponse(w: Writer, response: AlterConfigsResponse): void {
  w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.responses, (w, res) => {
    w.writeInt16(res.errorCode).writeNullableString(res.errorMessage);
    w.writeInt8(res.resourceType).writeString(res.resourceName).writeTaggedFields();
  });
  w.writeTaggedFields();
}
