/**
 * The peer setup (`node scripts/setup-peers.js`): fetches and builds every test peer into the
 * peers cache, writes the manifest, and prints one line per peer with its version. Idempotent: a
 * second run finds every stamp fresh and needs no network. A missing toolchain (Java, Maven, Go,
 * Python) is reported and skipped, and the tests needing it skip with that reason; a step that
 * fails although its toolchain is there fails the setup.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { manifestPath, peersCacheDir, type PeerEntry, type PeerManifest } from '../cache.js';
import { debianPythonVersion, kcatVersion, npmPackageVersion } from '../clients/availability.js';
import { setupGo } from './go.js';
import { setupJava } from './java.js';
import { setupKafka } from './kafka.js';
import { setupPythonVenv } from './python.js';

async function step<T extends { version: string }>(
  name: string,
  work: () => Promise<PeerEntry<T>>,
): Promise<PeerEntry<T>> {
  const started = performance.now();
  try {
    const entry = await work();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (!entry.ok) console.log(`peer ${name}: missing, ${entry.reason}`);
    else console.log(`peer ${name}: ${entry.version} (${seconds} s)`);
    return entry;
  } catch (error) {
    console.error(`peer ${name}: setup failed: ${(error as Error).message}`);
    process.exitCode = 1;
    return { ok: false, reason: `setup failed: ${(error as Error).message.split('\n')[0]}` };
  }
}

const started = performance.now();
mkdirSync(peersCacheDir(), { recursive: true });
console.log(`peers cache: ${peersCacheDir()}`);
const kafka = await step('apache-kafka', setupKafka);
const [java, go, pythonVenv] = await Promise.all([
  step('java-client', () => setupJava(kafka)),
  step('franz-go', setupGo),
  step('confluent-kafka-pypi', setupPythonVenv),
]);
const manifest: PeerManifest = { kafka, java, go, pythonVenv };
writeFileSync(manifestPath(), `${JSON.stringify(manifest, null, 2)}\n`);

const kcat = await kcatVersion();
console.log(`peer kcat: ${kcat.ok ? kcat.version : `missing, ${kcat.reason}`}`);
const debian = await debianPythonVersion();
console.log(`peer confluent-kafka-debian: ${debian.ok ? debian.version : `missing, ${debian.reason}`}`);
console.log(`peer kafkajs: ${npmPackageVersion('kafkajs')}`);
console.log(`peer platformatic-kafka: ${npmPackageVersion('@platformatic/kafka')}`);
console.log(`peers ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
