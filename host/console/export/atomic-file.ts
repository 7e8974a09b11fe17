/**
 * Writing an export so that a cancelled, failed or killed export never leaves a half file under
 * the name the user asked for: the bytes go to a temporary file in the same directory (so the
 * final rename stays on one file system and is atomic), which is synced and renamed over the
 * target only once complete, and removed on any failure or cancel.
 *
 * Temporary names: `.<name>.<pid>-<random>.partial` beside `<name>`. A process killed with
 * SIGKILL cannot remove its own; the next export to the same name removes every such file whose
 * process is gone.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readdir, rename, stat, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants as zlib, createGzip } from 'node:zlib';

const PARTIAL = /^\.(.+)\.(\d+)-[0-9a-f]+\.partial$/;

/** The temporary name of an export to `path` by process `pid`. */
export function partialPath(path: string, pid = process.pid): string {
  return join(dirname(path), `.${basename(path)}.${pid}-${randomBytes(4).toString('hex')}.partial`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporaries of exports to `path` whose process no longer runs; answers their names. */
export async function removeStalePartials(path: string): Promise<string[]> {
  const name = basename(path);
  let entries: string[];
  try {
    entries = await readdir(dirname(path));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = PARTIAL.exec(entry);
    if (!match || match[1] !== name || processAlive(Number(match[2]))) continue;
    await unlink(join(dirname(path), entry)).then(
      () => removed.push(entry),
      () => {},
    );
  }
  return removed;
}

/** Counts the bytes that pass. */
export class ByteCounter extends Transform {
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}

export interface AtomicWriteOptions {
  readonly gzip?: boolean;
  readonly signal?: AbortSignal;
  /** Counts the bytes written to the file (after compression), for progress. */
  readonly counter?: ByteCounter;
}

/**
 * Writes what `source` yields to `path` through a temporary file, with backpressure (the source
 * is pulled only as fast as the disk takes it). Resolves with the file's size once it is in
 * place; on any error or abort the temporary is removed and the error rethrown.
 */
export async function writeFileAtomically(
  path: string,
  source: AsyncIterable<Buffer>,
  options: AtomicWriteOptions = {},
): Promise<number> {
  await removeStalePartials(path);
  const temporary = partialPath(path);
  const counter = options.counter ?? new ByteCounter();
  // `flush` syncs the file before it closes; the pipeline settles once it is closed.
  const file = createWriteStream(temporary, { flags: 'wx', mode: 0o644, flush: true });
  try {
    const abort = options.signal ? { signal: options.signal } : {};
    if (options.gzip) await pipeline(source, createGzip({ level: zlib.Z_BEST_SPEED }), counter, file, abort);
    else await pipeline(source, counter, file, abort);
    await rename(temporary, path);
    return (await stat(path)).size;
  } catch (error) {
    // A stream destroyed while it was opening creates the file late: remove it once closed.
    if (!file.closed) await once(file, 'close').catch(() => {});
    await unlink(temporary).catch(() => {});
    throw error;
  }
}
