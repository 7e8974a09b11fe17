/**
 * Setup step: Apache Kafka's jars (broker, tools, clients, log4j binding) resolved by Maven from
 * test/peers/kafka/pom.xml and copied into `<cache>/kafka/libs`, with Maven's local repository
 * inside the cache too, so a fresh machine needs no ~/.m2 and a second run needs no network.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { peersCacheDir, repoRoot, type PeerManifest } from '../cache.js';
import { commandExists, run, runOk } from '../process.js';
import { hashInputs, isFresh, writeStamp } from './stamp.js';

export const kafkaPom = join(repoRoot, 'test/peers/kafka/pom.xml');

export function pinnedKafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(kafkaPom, 'utf8'));
  if (!match?.[1]) throw new Error(`no <kafka.version> in ${kafkaPom}`);
  return match[1];
}

/** Java's major version, or undefined when java is missing. */
export async function javaMajorVersion(): Promise<number | undefined> {
  if (!(await commandExists('java'))) return undefined;
  const result = await run('java', ['-version'], { timeoutMs: 20_000 });
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr);
  if (!match?.[1]) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

export async function setupKafka(): Promise<PeerManifest['kafka']> {
  const java = await javaMajorVersion();
  if (java === undefined)
    return { ok: false, reason: 'Java is not installed (Apache Kafka 4 needs Java 17+)' };
  if (java < 17) return { ok: false, reason: `Java ${java} is too old (Apache Kafka 4 needs Java 17+)` };
  if (!(await commandExists('mvn'))) return { ok: false, reason: 'Maven (mvn) is not installed' };

  const cache = peersCacheDir();
  const libs = join(cache, 'kafka', 'libs');
  const version = pinnedKafkaVersion();
  const hash = hashInputs([kafkaPom]);
  if (!isFresh('kafka', hash, [join(libs, `kafka_2.13-${version}.jar`)])) {
    rmSync(libs, { recursive: true, force: true });
    mkdirSync(libs, { recursive: true });
    await runOk(
      'mvn',
      [
        '-B',
        '-q',
        '-Dstyle.color=never',
        '-f',
        kafkaPom,
        `-Dmaven.repo.local=${join(cache, 'm2')}`,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${libs}`,
        '-DincludeScope=runtime',
      ],
      { timeoutMs: 15 * 60_000 },
    );
    writeStamp('kafka', hash);
  }
  return { ok: true, version, libs };
}
