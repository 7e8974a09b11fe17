/**
 * Starting worker threads from either form of the code. Compiled JavaScript in dist/ runs as it
 * is. TypeScript sources (tests, `tsx`) need tsx's loader in the worker, and on Node 20 a
 * worker's `--import tsx` does not reach its entry module, so the worker starts from a tiny
 * module that registers tsx first and then imports the entry. One place decides.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The module `name` beside `base` (an import.meta.url), with base's own extension (.ts or .js). */
export function siblingModule(base: string, name: string): URL {
  return new URL(`./${name}${extname(fileURLToPath(base))}`, base);
}

export function spawnWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = [
    `const { register } = await import(${JSON.stringify(tsx)});`,
    'register();',
    `await import(${JSON.stringify(entry.href)});`,
  ].join('\n');
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), options);
}
