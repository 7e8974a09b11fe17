/**
 * Control records: the single record of a control batch (attributes bit 5), written by the
 * transaction coordinator to end a transaction in each partition it touched.
 *
 *   key    version int16 (0), type int16 (0 = ABORT, 1 = COMMIT)
 *   value  version int16 (0), coordinatorEpoch int32
 */
import { CorruptRecordError } from './errors.js';

export const ControlRecordType = { ABORT: 0, COMMIT: 1 } as const;
export type ControlRecordType = (typeof ControlRecordType)[keyof typeof ControlRecordType];

export interface EndTxnMarker {
  readonly type: ControlRecordType;
  readonly coordinatorEpoch: number;
}

export function encodeControlKey(type: ControlRecordType): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(type, 2);
  return key;
}

export function encodeEndTxnValue(coordinatorEpoch: number): Buffer {
  const value = Buffer.alloc(6);
  value.writeInt16BE(0, 0);
  value.writeInt32BE(coordinatorEpoch, 2);
  return value;
}

/** The control type of a control record's key. */
export function decodeControlType(key: Buffer | null): number {
  if (!key || key.length < 4) throw new CorruptRecordError('control record key is shorter than 4 bytes');
  const version = key.readInt16BE(0);
  if (version !== 0) throw new CorruptRecordError(`control record key version ${version} is not supported`);
  return key.readInt16BE(2);
}

/** Decodes an end-transaction marker (ABORT or COMMIT) from its control record's key and value. */
export function decodeEndTxnMarker(key: Buffer | null, value: Buffer | null): EndTxnMarker {
  const type = decodeControlType(key);
  if (type !== ControlRecordType.ABORT && type !== ControlRecordType.COMMIT) {
    throw new CorruptRecordError(`control record type ${type} is not a transaction marker`);
  }
  if (!value || value.length < 6)
    throw new CorruptRecordError('transaction marker value is shorter than 6 bytes');
  return { type, coordinatorEpoch: value.readInt32BE(2) };
}
