/**
 * Seeded mutations of a request payload, aimed at what a decoder trusts: int32 lengths and array
 * counts, int16 string lengths, varints (compact lengths and counts of flexible versions),
 * strings, the header's API key and version, plus bit flips, truncations, insertions and
 * repeated slices. `frame` then puts a size prefix in front, honest or not.
 */
import type { Random } from '../../../engine/cluster/random.js';

const INT32S = [-1, -2, 0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, -0x80000000];
const INT16S = [-1, -2, 0, 1, 0x7fff, -0x8000, 0x100];
/** Varints: overlong, unterminated, huge, zero (a compact null), one (a compact empty). */
const VARINTS = [
  [0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
  [0x80, 0x80, 0x80],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0x00],
  [0x01],
  [0xfe, 0xff, 0x03],
];

export type MutationKind =
  | 'flip'
  | 'int32'
  | 'int16'
  | 'varint'
  | 'truncate'
  | 'insert'
  | 'repeat'
  | 'api-key'
  | 'api-version'
  | 'string';

const KINDS: readonly MutationKind[] = [
  'flip',
  'int32',
  'int16',
  'varint',
  'truncate',
  'insert',
  'repeat',
  'api-key',
  'api-version',
  'string',
];

export function mutate(payload: Buffer, random: Random, count: number): Buffer {
  let bytes: Buffer = Buffer.from(payload);
  for (let i = 0; i < count && bytes.length > 0; i++)
    bytes = mutateOnce(bytes, random, KINDS[random.nextInt(KINDS.length)]!);
  return bytes;
}

function mutateOnce(bytes: Buffer, random: Random, kind: MutationKind): Buffer {
  const at = random.nextInt(bytes.length);
  const pick = <T>(values: readonly T[]) => values[random.nextInt(values.length)]!;
  switch (kind) {
    case 'flip':
      bytes[at] = bytes[at]! ^ (1 << random.nextInt(8));
      return bytes;
    case 'int32':
      if (at + 4 <= bytes.length)
        bytes.writeInt32BE(random.next() < 0.8 ? pick(INT32S) : (random.next() * 2 ** 32) | 0, at);
      return bytes;
    case 'int16':
      if (at + 2 <= bytes.length) bytes.writeInt16BE(pick(INT16S), at);
      return bytes;
    case 'varint': {
      const varint = Buffer.from(pick(VARINTS));
      return Buffer.concat([
        bytes.subarray(0, at),
        varint,
        bytes.subarray(Math.min(bytes.length, at + varint.length)),
      ]);
    }
    case 'truncate':
      return bytes.subarray(0, at);
    case 'insert': {
      const noise = Buffer.alloc(1 + random.nextInt(16));
      for (let i = 0; i < noise.length; i++) noise[i] = random.nextInt(256);
      return Buffer.concat([bytes.subarray(0, at), noise, bytes.subarray(at)]);
    }
    case 'repeat': {
      const end = Math.min(bytes.length, at + 1 + random.nextInt(32));
      return Buffer.concat([bytes.subarray(0, end), bytes.subarray(at, end), bytes.subarray(end)]);
    }
    case 'api-key':
      if (bytes.length >= 2) bytes.writeInt16BE(random.next() < 0.5 ? random.nextInt(80) : pick(INT16S), 0);
      return bytes;
    case 'api-version':
      if (bytes.length >= 4) bytes.writeInt16BE(random.next() < 0.7 ? random.nextInt(20) : pick(INT16S), 2);
      return bytes;
    case 'string': {
      // A string of odd bytes where one was: invalid UTF-8, NULs, very long.
      const text = Buffer.from(
        pick(['\u0000\u0000', '\xff\xfe', '💥'.repeat(8), 'a'.repeat(300), '']),
        'latin1',
      );
      return Buffer.concat([bytes.subarray(0, at), text, bytes.subarray(at)]);
    }
  }
}

export function honestFrame(payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

/** A frame: size prefix then payload; sometimes the prefix lies (bigger, smaller, negative, huge). */
export function frame(payload: Buffer, random: Random): Buffer {
  const size = Buffer.alloc(4);
  const roll = random.next();
  let value = payload.length;
  if (roll < 0.03) value = payload.length + 1 + random.nextInt(64);
  else if (roll < 0.06) value = Math.max(0, payload.length - 1 - random.nextInt(8));
  else if (roll < 0.07) value = -1 - random.nextInt(1000);
  else if (roll < 0.08) value = 0x7fffffff;
  size.writeInt32BE(value);
  return Buffer.concat([size, payload]);
}
