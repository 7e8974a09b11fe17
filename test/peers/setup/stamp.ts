/**
 * Build stamps: a step records the hash of its inputs beside its output in the peers cache, and a
 * later run with the same inputs and the output still there skips the step (no network, no build).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { peersCacheDir } from '../cache.js';

/** Hash of the given files (all files under a folder, sorted) and extra strings. */
export function hashInputs(paths: readonly string[], extra: readonly string[] = []): string {
  const hash = createHash('sha256');
  for (const file of paths.flatMap(listFiles)) {
    hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const text of extra) hash.update(text).update('\0');
  return hash.digest('hex');
}

function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => listFiles(join(path, name)));
}

function stampFile(step: string): string {
  return join(peersCacheDir(), `${step}.stamp`);
}

/** True when `step` was built from inputs with this hash and every output still exists. */
export function isFresh(step: string, hash: string, outputs: readonly string[]): boolean {
  const file = stampFile(step);
  return existsSync(file) && readFileSync(file, 'utf8') === hash && outputs.every((o) => existsSync(o));
}

export function writeStamp(step: string, hash: string): void {
  writeFileSync(stampFile(step), hash);
}
