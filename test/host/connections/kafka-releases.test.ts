import { describe, expect, it } from 'vitest';
import { kafkaReleaseRange } from '../../../host/connections/kafka-releases.js';

const fetch = (minVersion: number, maxVersion: number) => [
  { apiKey: 0, minVersion: 0, maxVersion: 9 },
  { apiKey: 1, minVersion, maxVersion },
];

describe('Kafka releases from ApiVersions', () => {
  it.each([
    [fetch(0, 11), 'Apache Kafka 2.3 – 2.6'],
    [fetch(0, 12), 'Apache Kafka 2.7 – 3.0'],
    [fetch(0, 13), 'Apache Kafka 3.1 – 3.4'],
    [fetch(0, 15), 'Apache Kafka 3.5 – 3.6'],
    [fetch(0, 16), 'Apache Kafka 3.7 – 3.8'],
    [fetch(0, 17), 'Apache Kafka 3.9'],
    // Apache Kafka 4.3.1's answer: Fetch v4–v18 (4.0 dropped v0–v3).
    [fetch(4, 18), 'Apache Kafka 4.0 or newer'],
    [fetch(0, 6), 'Apache Kafka 1.0'],
  ])('dates Fetch %j as %s', (ranges, expected) => {
    expect(kafkaReleaseRange(ranges)).toBe(expected);
  });

  it('answers null for a server without Fetch', () => {
    expect(kafkaReleaseRange([{ apiKey: 18, minVersion: 0, maxVersion: 3 }])).toBeNull();
  });
});
