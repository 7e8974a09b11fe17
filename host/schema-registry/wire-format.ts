/**
 * The schema registry's wire format, as Confluent's serializers frame a key or value:
 *
 *   byte 0      magic byte 0
 *   bytes 1-4   schema id, big-endian int32
 *   Protobuf    message indexes: a zigzag varint count, then that many zigzag varints, the path
 *               to the message type in the schema's file (top-level index, nested index, ...);
 *               a count of 0 stands for [0], the first message
 *   the rest    the encoded data (Avro binary, Protobuf binary, JSON text)
 *
 * Example: 00 00 00 00 07 02 04 ... is schema 7; for Protobuf, indexes [2] (count 1 = zigzag 02,
 * index 2 = zigzag 04) name the third top-level message.
 */

export interface FramedValue {
  readonly schemaId: number;
  /** The bytes after the 5-byte header (the Protobuf message indexes included). */
  readonly body: Buffer;
}

/** The schema id and body of a framed value; null when the bytes are not in the wire format. */
export function readFrame(bytes: Buffer | null): FramedValue | null {
  if (bytes === null || bytes.length < 5 || bytes[0] !== 0) return null;
  const schemaId = bytes.readInt32BE(1);
  if (schemaId < 1) return null;
  return { schemaId, body: bytes.subarray(5) };
}

function readZigzag(bytes: Buffer, at: number): { value: number; next: number } {
  let result = 0;
  let shift = 0;
  for (let i = at; i < bytes.length && shift < 35; i++) {
    const byte = bytes[i]!;
    result |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value: (result >>> 1) ^ -(result & 1), next: i + 1 };
    shift += 7;
  }
  throw new RangeError('a Protobuf message index runs past the end of the value');
}

/** Splits a Protobuf body into its message indexes and the message bytes. */
export function readMessageIndexes(body: Buffer): { indexes: number[]; message: Buffer } {
  const count = readZigzag(body, 0);
  if (count.value === 0) return { indexes: [0], message: body.subarray(count.next) };
  if (count.value < 0 || count.value > 64)
    throw new RangeError(`${count.value} message indexes is not a valid path`);
  const indexes: number[] = [];
  let at = count.next;
  for (let i = 0; i < count.value; i++) {
    const index = readZigzag(body, at);
    indexes.push(index.value);
    at = index.next;
  }
  return { indexes, message: body.subarray(at) };
}
