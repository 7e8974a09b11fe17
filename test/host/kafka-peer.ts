/**
 * The Apache Kafka peer for host tests: whether it can run here (or why not, for skip titles),
 * and a started peer per test file.
 */
import { afterAll, beforeAll } from 'vitest';
import { kafkaClasspath, startKafka, type KafkaPeer, type KafkaPeerOptions } from '../peers/kafka/index.js';

const found = kafkaClasspath();
export const kafkaAvailable = found.ok;
/** Appended to the titles of suites that need the peer: says why they were skipped. */
export const kafkaSkipNote = found.ok ? '' : ` (skipped: ${found.reason})`;

/** Starts the peer before the file's tests and stops it after; `peer()` gives the running one. */
export function useKafkaPeer(options: KafkaPeerOptions = {}): () => KafkaPeer {
  let peer: KafkaPeer | undefined;
  beforeAll(async () => {
    peer = await startKafka(options);
  }, 120_000);
  afterAll(async () => {
    await peer?.stop();
  }, 30_000);
  return () => {
    if (!peer) throw new Error('the Kafka peer did not start');
    return peer;
  };
}
