/**
 * CRC-32C (Castagnoli), the checksum of RecordBatch v2, through @node-rs/crc32, which uses the
 * SSE 4.2 / ARMv8 CRC instructions where the CPU has them.
 */
import { crc32c as nativeCrc32c } from '@node-rs/crc32';

/** CRC-32C of `bytes`, as an unsigned 32-bit number. */
export function crc32c(bytes: Uint8Array): number {
  return nativeCrc32c(bytes) >>> 0;
}
