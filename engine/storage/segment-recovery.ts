/**
 * Re-validation of one segment after a crash (part of Kafka's LogLoader): every batch is
 * checked (size, magic, CRC, offsets increasing within the segment), the indexes are rebuilt as
 * appends would have built them, and the file is cut at the first invalid byte.
 *
 * The file is read in 1 MiB chunks into one reused buffer (see scratch-buffer.ts): at 1 GB of
 * log, page faults on fresh buffers cost more than the CRC.
 */
import type { BatchHeader } from '../records/batch.js';
import { BATCH_LENGTH_OFFSET, LOG_OVERHEAD, RECORD_BATCH_OVERHEAD, validateBatch } from '../records/batch.js';
import { KafkaError } from '../protocol/errors.js';
import { ScratchBuffer } from './scratch-buffer.js';
import type { LogSegment } from './segment.js';
import { MAX_RELATIVE_OFFSET } from './segment.js';

/** Chunk read when validating whole batches; sized to stay in the CPU cache. */
const RECOVERY_CHUNK = 1024 * 1024;
const recoveryScratch = new ScratchBuffer();

/**
 * Recovers `segment`; `onBatch` sees each valid batch in order (producer state, leader epochs,
 * txn index). Returns the number of bytes truncated.
 */
export function recoverSegment(segment: LogSegment, onBatch: (header: BatchHeader) => void): number {
  segment.beginRebuild();
  const fileSize = segment.size;
  let position = 0;
  recoveryScratch.use(RECOVERY_CHUNK, (scratch) => {
    let chunk: Buffer = scratch.subarray(0, 0);
    let chunkStart = 0;
    let batchIndex = 0;
    while (position < fileSize) {
      if (position + LOG_OVERHEAD > chunkStart + chunk.length) {
        chunk = segment.readInto(scratch, position);
        chunkStart = position;
        if (chunk.length < LOG_OVERHEAD) return;
      }
      const size = chunk.readInt32BE(position - chunkStart + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
      if (size < RECORD_BATCH_OVERHEAD || position + size > fileSize) return;
      if (position + size > chunkStart + chunk.length) {
        // A batch larger than the scratch buffer gets a buffer of its own.
        chunk = size > scratch.length ? segment.readAt(position, size) : segment.readInto(scratch, position);
        chunkStart = position;
      }
      let header: BatchHeader;
      try {
        header = validateBatch(chunk, position - chunkStart, chunk.length, batchIndex, false);
      } catch (error) {
        // Any invalid batch (corrupt, unknown codec) ends the valid prefix of the segment.
        if (error instanceof KafkaError) return;
        throw error;
      }
      if (
        header.baseOffset < segment.nextOffset ||
        header.lastOffset - segment.baseOffset > MAX_RELATIVE_OFFSET
      )
        return;
      segment.indexRecoveredBatch(header, position);
      onBatch(header);
      position += size;
      batchIndex++;
    }
  });
  segment.truncateTail(position);
  return fileSize - position;
}
