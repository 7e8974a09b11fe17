/**
 * Where the test peers live: a cache folder outside the source tree
 * (`${XDG_CACHE_HOME:-~/.cache}/brokerlab/peers`, or BROKERLAB_PEERS_CACHE), filled by
 * `node scripts/setup-peers.js`. Its `peers.json` manifest says, per peer, where it is and at
 * which version, or why it is missing; tests read it to run a peer or to skip with that reason.
 *
 * Layout:
 *   peers.json          the manifest (PeerManifest)
 *   m2/                 Maven's local repository for the Kafka jars
 *   kafka/libs/*.jar    Apache Kafka's broker, tools and clients, one classpath
 *   java/classes/       the compiled Java scenario program
 *   go/bin/             the franz-go scenario program; go/mod/ is its module cache
 *   python/venv/        a venv with confluent-kafka from PyPI
 *   <step>.stamp        hash of the inputs a step was built from; a matching stamp skips the step
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function peersCacheDir(): string {
  const explicit = process.env.BROKERLAB_PEERS_CACHE;
  if (explicit) return explicit;
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'brokerlab', 'peers');
}

export type PeerEntry<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly reason: string };

export interface PeerManifest {
  readonly kafka: PeerEntry<{ version: string; libs: string }>;
  readonly java: PeerEntry<{ classes: string; version: string }>;
  readonly go: PeerEntry<{ binary: string; version: string }>;
  readonly pythonVenv: PeerEntry<{ python: string; version: string }>;
}

const notSetUp = {
  ok: false,
  reason: 'the test peers are not set up: run `node scripts/setup-peers.js`',
} as const;

export function manifestPath(): string {
  return join(peersCacheDir(), 'peers.json');
}

/** The manifest, or every peer marked missing when setup has not run. */
export function readManifest(): PeerManifest {
  const file = manifestPath();
  if (!existsSync(file)) return { kafka: notSetUp, java: notSetUp, go: notSetUp, pythonVenv: notSetUp };
  return JSON.parse(readFileSync(file, 'utf8')) as PeerManifest;
}

/** Root of the repository, for paths of committed peer sources (poms, programs). */
export const repoRoot = new URL('../../', import.meta.url).pathname;
