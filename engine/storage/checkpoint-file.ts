/**
 * Small state files written whole and atomically: write `<file>.tmp`, fsync when asked, rename
 * over the old file. A crash leaves either the old or the new content, never a mix.
 *
 * Checkpoints use Kafka's text layout: a version line, a count line, then one entry per line.
 *
 *   0
 *   2
 *   <entry>
 *   <entry>
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import type { DiskHooks } from './disk-hooks.js';
import { KafkaStorageError } from './errors.js';

export function writeFileAtomically(file: string, bytes: Buffer, disk: DiskHooks, sync: boolean): void {
  const tmp = `${file}.tmp`;
  disk.beforeWrite(tmp, bytes.length);
  let fd = -1;
  try {
    fd = openSync(tmp, 'w');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    if (sync) fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, file);
  } catch (error) {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new KafkaStorageError(`cannot write ${file}: ${(error as Error).message}`, error);
  }
}

/** Writes entries (each a line of space-separated fields) in Kafka's checkpoint layout. */
export function writeCheckpoint(
  file: string,
  entries: readonly string[],
  disk: DiskHooks,
  sync = true,
): void {
  const text = ['0', String(entries.length), ...entries].join('\n') + '\n';
  writeFileAtomically(file, Buffer.from(text, 'utf8'), disk, sync);
}

/**
 * Reads a checkpoint's entry lines, or undefined when the file is missing or malformed (wrong
 * version, count disagreeing with the lines).
 */
export function readCheckpoint(file: string): string[][] | undefined {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  if (lines[0] !== '0') return undefined;
  const count = Number(lines[1]);
  const entries = lines.slice(2).map((l) => l.trim().split(/\s+/));
  return Number.isInteger(count) && count === entries.length ? entries : undefined;
}
