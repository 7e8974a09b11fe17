import { describe, expect, it } from 'vitest';
import {
  StickyPartitioner,
  murmur2,
  partitionForKey,
  toPositive,
} from '../../../host/kafka-client/partitioner.js';

// Values printed by Apache Kafka 4.3.1's own Utils.murmur2 and toPositive(h) % 6.
const javaResults: [string, number, number][] = [
  ['21', -973932308, 0],
  ['foobar', -790332482, 0],
  ['a-little-bit-long-string', -985981536, 2],
  ['a-little-bit-longer-string', -1486304829, 5],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971, 5],
  ['abc', 479470107, 3],
  ['', 275646681, 3],
  ['key-1', 193331640, 0],
  ['order-42', 501153024, 0],
];

describe('murmur2 partitioning', () => {
  for (const [key, hash, partition] of javaResults) {
    it(`hashes ${JSON.stringify(key)} as the Java client does`, () => {
      const bytes = Buffer.from(key, 'utf8');
      expect(murmur2(bytes)).toBe(hash);
      expect(partitionForKey(bytes, 6)).toBe(partition);
    });
  }

  it('hashes binary keys with high bytes as the Java client does', () => {
    expect(murmur2(Buffer.from([0xff, 0x00, 0x80, 0x7f, 0x01]))).toBe(-315781896);
  });

  it('clears the sign bit rather than taking the absolute value', () => {
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(0x7fffffff);
  });
});

describe('the sticky partitioner', () => {
  it('keeps keyless records on one partition until a batch worth of bytes, then moves on', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff;
    const partitioner = new StickyPartitioner(random, 1000);
    const first = partitioner.partition(null, 400, 4);
    expect(partitioner.partition(null, 400, 4)).toBe(first);
    expect(partitioner.partition(null, 400, 4)).toBe(first);
    // 1200 bytes went to `first`: the next record goes elsewhere.
    const second = partitioner.partition(null, 400, 4);
    expect(second).not.toBe(first);
    expect(second).toBeGreaterThanOrEqual(0);
    expect(second).toBeLessThan(4);
  });

  it('spreads keyless records over every partition in time', () => {
    const partitioner = new StickyPartitioner(Math.random, 100);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(partitioner.partition(null, 100, 5));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('puts keyed records where murmur2 says, whatever the sticky state', () => {
    const partitioner = new StickyPartitioner();
    expect(partitioner.partition(Buffer.from('foobar'), 10, 6)).toBe(0);
    expect(partitioner.partition(Buffer.from('a-little-bit-longer-string'), 10, 6)).toBe(5);
  });
});
