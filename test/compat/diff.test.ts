/** The comparison machinery of the compat suite, on hand-made observations. */
import { describe, expect, test } from 'vitest';
import { diffObservations } from './diff.js';
import { isKnown } from './known-differences.js';
import { normalise } from './normalise.js';

describe('normalise', () => {
  test('names broker error codes with Kafka’s names and hides loopback ports', () => {
    expect(normalise({ a: 'code:3', b: ['code:10'], c: 'client:dial tcp 127.0.0.1:40123: refused' })).toEqual(
      {
        a: 'UNKNOWN_TOPIC_OR_PARTITION',
        b: ['MESSAGE_TOO_LARGE'],
        c: 'client:dial tcp HOST:PORT: refused',
      },
    );
  });

  test('leaves unknown codes and other values alone', () => {
    expect(normalise({ a: 'code:9999', n: 3, t: true, z: null })).toEqual({
      a: 'code:9999',
      n: 3,
      t: true,
      z: null,
    });
  });
});

describe('diffObservations', () => {
  test('finds nothing between equal observations whatever their key order', () => {
    expect(diffObservations({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  test('names the path of each differing leaf and missing keys', () => {
    expect(
      diffObservations(
        { a: 1, r: { k: [{ o: 0 }, { o: 1 }] } },
        { a: 2, r: { k: [{ o: 0 }, { o: 5 }] }, x: 'y' },
      ),
    ).toEqual([
      { path: 'a', kafka: '1', brokerlab: '2' },
      { path: 'r.k[1].o', kafka: '1', brokerlab: '5' },
      { path: 'x', kafka: '<missing>', brokerlab: '"y"' },
    ]);
  });

  test('compares arrays of different lengths as a whole', () => {
    expect(diffObservations({ v: [1, 2] }, { v: [1] })).toEqual([
      { path: 'v', kafka: '[1,2]', brokerlab: '[1]' },
    ]);
  });
});

describe('isKnown', () => {
  const at = (path: string) => ({ path, kafka: '', brokerlab: '' });

  test('matches listed differences by scenario, client and path glob', () => {
    expect(isKnown('configs', 'java', at('initial.min.insync.replicas.source'))?.reason).toMatch(/KIP-966/);
    expect(isKnown('configs', 'kafkajs', at('altered.min.insync.replicas.source'))?.reason).toMatch(
      /KIP-966/,
    );
  });

  test('does not excuse anything else', () => {
    expect(isKnown('configs', 'java', at('initial.min.insync.replicas.value'))).toBeUndefined();
    expect(isKnown('metadata', 'kafkajs', at('brokers'))).toBeUndefined();
    expect(isKnown('errors', 'java', at('recordTooLarge'))).toBeUndefined();
  });
});
