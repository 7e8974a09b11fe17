/**
 * File names of a partition directory, as Kafka names them: a segment's files are its base
 * offset in 20 digits plus a suffix (.log, .index, .timeindex, .txnindex); producer snapshots are
 * `<offset>.snapshot`. Suffixes mark files in transit:
 *
 *   .cleaned  compaction's output being written (discarded on recovery)
 *   .swap     compaction's output complete, waiting to replace the originals (finished on recovery)
 *   .deleted  a segment file waiting for `file.delete.delay.ms` before removal (removed on recovery)
 *
 * A topic's partition directory is `<topic>-<partition>`; a deleted topic's is renamed to
 * `<topic>-<partition>.<uuid>-delete` before removal.
 */
import { join } from 'node:path';
import type { Offset } from '../types.js';
import { asOffset } from '../types.js';

export const LOG_SUFFIX = '.log';
export const INDEX_SUFFIX = '.index';
export const TIME_INDEX_SUFFIX = '.timeindex';
export const TXN_INDEX_SUFFIX = '.txnindex';
export const SNAPSHOT_SUFFIX = '.snapshot';
export const CLEANED_SUFFIX = '.cleaned';
export const SWAP_SUFFIX = '.swap';
export const DELETED_SUFFIX = '.deleted';
export const DELETE_DIR_SUFFIX = '-delete';

export const SEGMENT_SUFFIXES = [LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX, TXN_INDEX_SUFFIX] as const;

/** 42 → "00000000000000000042". */
export function offsetFileStem(offset: number): string {
  return String(offset).padStart(20, '0');
}

export function segmentFile(dir: string, baseOffset: number, suffix: string): string {
  return join(dir, offsetFileStem(baseOffset) + suffix);
}

export function snapshotFile(dir: string, offset: number): string {
  return join(dir, offsetFileStem(offset) + SNAPSHOT_SUFFIX);
}

const stemPattern = /^(\d{20})(\.[a-z]+)(\.[a-z]+)?$/;

/** Parses `00000000000000000042.log[.swap]` into its offset, suffix and transit suffix. */
export function parseOffsetFileName(
  name: string,
): { offset: Offset; suffix: string; transit: string | undefined } | undefined {
  const match = stemPattern.exec(name);
  if (!match) return undefined;
  return { offset: asOffset(Number(match[1])), suffix: match[2] as string, transit: match[3] };
}

/** `topic-3` → { topic, partition }; undefined for names that are not a partition directory. */
export function parsePartitionDirName(name: string): { topic: string; partition: number } | undefined {
  const match = /^(.+)-(\d+)$/.exec(name);
  if (!match) return undefined;
  return { topic: match[1] as string, partition: Number(match[2]) };
}
