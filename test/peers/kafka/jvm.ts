/**
 * How the Apache Kafka peer's JVMs are launched: one classpath (the pinned jars in the peers
 * cache), the log4j2 configuration beside this file, and JVM flags tuned for a fast start and a
 * small footprint on a 2-core machine (C1 only, serial GC, small heaps): a test peer lives seconds
 * to minutes, so peak JIT throughput matters less than start-up time.
 */
import { join } from 'node:path';
import { readManifest, repoRoot } from '../cache.js';

export const log4jConfig = join(repoRoot, 'test/peers/kafka/log4j2.properties');

/** The Kafka classpath, or a reason why Apache Kafka cannot run here. */
export function kafkaClasspath():
  { ok: true; classpath: string; version: string } | { ok: false; reason: string } {
  const kafka = readManifest().kafka;
  if (!kafka.ok) return kafka;
  return { ok: true, classpath: join(kafka.libs, '*'), version: kafka.version };
}

export function requireKafkaClasspath(): { classpath: string; version: string } {
  const found = kafkaClasspath();
  if (!found.ok) throw new Error(`Apache Kafka is unavailable: ${found.reason}`);
  return found;
}

/**
 * `test`: tuned for a fast start (tests). `release`: what Kafka's own bin/ scripts pass
 * (kafka-run-class.sh, and kafka-server-start.sh's 1 GiB heap for brokers), for benchmarks that
 * hold Kafka up as it runs in production.
 */
export type JvmProfile = 'test' | 'release';

const releasePerformanceFlags = [
  '-server',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-XX:MaxInlineLevel=15',
  '-Djava.awt.headless=true',
];

/** Flags for a short-lived command-line tool or client program. */
export function toolJvmFlags(profile: JvmProfile = 'test'): string[] {
  if (profile === 'release') {
    return ['-Xmx256M', ...releasePerformanceFlags, `-Dlog4j2.configurationFile=${log4jConfig}`];
  }
  return [
    '-Xmx256m',
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-Xss512k',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${log4jConfig}`,
  ];
}

/** Flags for a broker: C1 only and serial GC start faster and idle smaller; see bench/peer. */
export function brokerJvmFlags(heapMb: number, profile: JvmProfile = 'test'): string[] {
  if (profile === 'release') {
    return ['-Xmx1G', '-Xms1G', ...releasePerformanceFlags, `-Dlog4j2.configurationFile=${log4jConfig}`];
  }
  return [
    `-Xmx${heapMb}m`,
    `-Xms${Math.min(64, heapMb)}m`,
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-XX:CICompilerCount=2',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${log4jConfig}`,
  ];
}
