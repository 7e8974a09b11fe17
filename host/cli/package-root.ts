/**
 * The Brokerlab package's root folder, found by walking up from this module to the package.json
 * named "brokerlab" — the same from the TypeScript sources (host/cli) and from dist/host/cli.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { root: string; version: string } | null = null;

function find(): { root: string; version: string } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'brokerlab') return (cached = { root: dir, version: pkg.version ?? '0.0.0' });
    } catch {
      // not here; keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('cannot find the brokerlab package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function packageRoot(): string {
  return find().root;
}

export function packageVersion(): string {
  return find().version;
}
