/**
 * Setup step: the franz-go scenario program (test/peers/go) built into `<cache>/go/bin`. Its module
 * versions are pinned by the committed go.mod and go.sum (GOFLAGS=-mod=mod lets `go build` fetch
 * exactly those into a module cache inside the peers cache; GOTOOLCHAIN=local never downloads a
 * Go toolchain).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { peersCacheDir, repoRoot, type PeerManifest } from '../cache.js';
import { commandExists, runOk } from '../process.js';
import { hashInputs, isFresh, writeStamp } from './stamp.js';

export const goSources = join(repoRoot, 'test/peers/go');

export function franzGoVersion(): string {
  const match = /github\.com\/twmb\/franz-go (v\S+)/.exec(readFileSync(join(goSources, 'go.mod'), 'utf8'));
  return match?.[1] ?? 'unknown';
}

/** `[major, minor]` of a `go1.26.8` / `1.26.0` version string. */
function goVersion(text: string): [number, number] {
  const match = /(\d+)\.(\d+)/.exec(text);
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

export async function setupGo(): Promise<PeerManifest['go']> {
  if (!(await commandExists('go'))) return { ok: false, reason: 'Go is not installed' };
  const wanted = /^go (\S+)$/m.exec(readFileSync(join(goSources, 'go.mod'), 'utf8'))?.[1] ?? '0.0';
  const have = (await runOk('go', ['env', 'GOVERSION'])).stdout.trim();
  const [wantMajor, wantMinor] = goVersion(wanted);
  const [haveMajor, haveMinor] = goVersion(have);
  if (haveMajor < wantMajor || (haveMajor === wantMajor && haveMinor < wantMinor)) {
    return { ok: false, reason: `Go ${wanted} or newer is needed for franz-go, found ${have}` };
  }
  const dir = join(peersCacheDir(), 'go');
  const binary = join(dir, 'bin', 'franz-scenario');
  const hash = hashInputs([goSources]);
  if (!isFresh('go', hash, [binary])) {
    mkdirSync(join(dir, 'bin'), { recursive: true });
    await runOk('go', ['build', '-o', binary, '.'], {
      cwd: goSources,
      env: {
        GOFLAGS: '-mod=mod -buildvcs=false',
        GOMODCACHE: join(dir, 'mod'),
        GOTOOLCHAIN: 'local',
        GOCACHE: join(dir, 'build-cache'),
      },
      timeoutMs: 10 * 60_000,
    });
    writeStamp('go', hash);
  }
  return { ok: true, binary, version: `franz-go ${franzGoVersion()}` };
}
