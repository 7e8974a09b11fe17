/**
 * Availability of the clients that come from the system rather than the peers cache: kcat and
 * Debian's python3-confluent-kafka (both librdkafka 2.0 from Debian packages).
 */
import { commandExists, run, runOk } from '../process.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, type PeerEntry } from '../cache.js';

/** Debian's interpreter; the pyenv python3 first on PATH does not see Debian's packages. */
export const debianPython = '/usr/bin/python3';

export async function kcatVersion(): Promise<PeerEntry<{ version: string }>> {
  if (!(await commandExists('kcat')))
    return { ok: false, reason: 'kcat is not installed (Debian package kcat)' };
  const result = await run('kcat', ['-V'], { timeoutMs: 5_000 });
  const kcat = /Version (\S+)/.exec(result.stdout)?.[1];
  const librdkafka = /librdkafka (\d\S*)/.exec(result.stdout)?.[1];
  return { ok: true, version: `kcat ${kcat ?? '?'} (librdkafka ${librdkafka ?? '?'})` };
}

/** `confluent-kafka X (librdkafka Y)` as the given interpreter sees it; 1.x gives version() as a tuple. */
export async function confluentKafkaVersion(python: string): Promise<string> {
  const result = await runOk(python, [
    '-c',
    'import confluent_kafka as c; v = c.version(); v = v[0] if isinstance(v, tuple) else v; ' +
      'print(f"confluent-kafka {v} (librdkafka {c.libversion()[0]})")',
  ]);
  return result.stdout.trim();
}

export async function debianPythonVersion(): Promise<PeerEntry<{ version: string }>> {
  if (!(await commandExists(debianPython))) return { ok: false, reason: `${debianPython} is not installed` };
  try {
    return { ok: true, version: await confluentKafkaVersion(debianPython) };
  } catch {
    return {
      ok: false,
      reason: 'Debian python3-confluent-kafka is not installed (apt-get install python3-confluent-kafka)',
    };
  }
}

/** The installed version of an npm package of this project (the Node clients). */
export function npmPackageVersion(pkg: string): string {
  const file = join(repoRoot, 'node_modules', pkg, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
