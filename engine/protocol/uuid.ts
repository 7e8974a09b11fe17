/**
 * Kafka's UUID (topic ids, directory ids): 16 bytes on the wire, shown as URL-safe base64
 * without padding, 22 characters (Kafka's `Uuid.toString`). The all-zero UUID means "no id".
 */
import { randomBytes } from 'node:crypto';

export const UUID_BYTES = 16;

/** The all-zero UUID, Kafka's `Uuid.ZERO_UUID`: what old versions and unset fields carry. */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** The 22-character form of 16 UUID bytes. */
export function uuidToString(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/**
 * 22 base64url characters whose last one carries 2 bits and 4 zero bits (A, Q, g or w): exactly
 * the strings that 16 bytes encode to.
 */
const UUID_PATTERN = /^[A-Za-z0-9_-]{21}[AQgw]$/;

/** The 16 bytes of a 22-character UUID string; throws a RangeError for anything else. */
export function uuidToBytes(uuid: string): Buffer {
  if (!UUID_PATTERN.test(uuid)) throw new RangeError(`not a Kafka UUID: ${JSON.stringify(uuid)}`);
  return Buffer.from(uuid, 'base64url');
}

/**
 * A new random UUID, as Kafka's `Uuid.randomUuid`: never the zero UUID, and never one whose
 * string form starts with '-' (that would read as a command-line flag).
 */
export function randomUuid(): string {
  for (;;) {
    const uuid = uuidToString(randomBytes(UUID_BYTES));
    if (uuid !== ZERO_UUID && !uuid.startsWith('-')) return uuid;
  }
}
