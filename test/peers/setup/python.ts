/**
 * Setup step: a Python venv in `<cache>/python/venv` with confluent-kafka from PyPI at the version
 * pinned in test/peers/python/requirements.txt, whose wheel carries a current librdkafka (Debian's
 * python3-confluent-kafka, used beside it, carries librdkafka 2.0), and what its schema registry
 * client and Avro, Protobuf and JSON Schema serializers need, pinned in the same file.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { peersCacheDir, repoRoot, type PeerManifest } from '../cache.js';
import { confluentKafkaVersion } from '../clients/availability.js';
import { commandExists, runOk } from '../process.js';
import { hashInputs, isFresh, writeStamp } from './stamp.js';

export const pythonRequirements = join(repoRoot, 'test/peers/python/requirements.txt');

export async function setupPythonVenv(): Promise<PeerManifest['pythonVenv']> {
  if (!(await commandExists('python3'))) return { ok: false, reason: 'python3 is not installed' };
  const venv = join(peersCacheDir(), 'python', 'venv');
  const python = join(venv, 'bin', 'python');
  const hash = hashInputs([pythonRequirements]);
  if (!isFresh('python', hash, [python])) {
    rmSync(venv, { recursive: true, force: true });
    await runOk('python3', ['-m', 'venv', venv], { timeoutMs: 5 * 60_000 });
    if (!existsSync(python)) return { ok: false, reason: 'python3 -m venv made no interpreter' };
    await runOk(python, ['-m', 'pip', 'install', '-q', '-r', pythonRequirements], { timeoutMs: 10 * 60_000 });
    writeStamp('python', hash);
  }
  return { ok: true, python, version: await confluentKafkaVersion(python) };
}
