/**
 * Setup step: the Java scenario program (test/peers/java/src) compiled with javac against the
 * Kafka classpath into `<cache>/java/classes`. It runs with the same classpath, so the Java client
 * under test is exactly the kafka-clients jar of the pinned Kafka version.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { peersCacheDir, repoRoot, type PeerManifest } from '../cache.js';
import { commandExists, runOk } from '../process.js';
import { hashInputs, isFresh, writeStamp } from './stamp.js';

export const javaSources = join(repoRoot, 'test/peers/java/src');

function javaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return javaFiles(path);
    return name.endsWith('.java') ? [path] : [];
  });
}

export async function setupJava(kafka: PeerManifest['kafka']): Promise<PeerManifest['java']> {
  if (!kafka.ok) return { ok: false, reason: kafka.reason };
  if (!(await commandExists('javac')))
    return { ok: false, reason: 'javac (a Java 17+ JDK) is not installed' };
  const classes = join(peersCacheDir(), 'java', 'classes');
  const hash = hashInputs([javaSources], [kafka.version]);
  if (!isFresh('java', hash, [classes])) {
    rmSync(classes, { recursive: true, force: true });
    mkdirSync(classes, { recursive: true });
    await runOk(
      'javac',
      [
        '--release',
        '17',
        '-encoding',
        'UTF-8',
        '-d',
        classes,
        '-cp',
        join(kafka.libs, '*'),
        ...javaFiles(javaSources),
      ],
      { timeoutMs: 5 * 60_000 },
    );
    writeStamp('java', hash);
  }
  return { ok: true, classes, version: `kafka-clients ${kafka.version}` };
}
