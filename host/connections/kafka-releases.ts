/**
 * Which Apache Kafka releases a broker's ApiVersions answer fits, roughly. Every release that
 * changed the Fetch request raised its highest version, so Fetch's top version dates a broker
 * well (from the version notes of Kafka's FetchRequest.json); Kafka 4.0 dropped Fetch v0–v3
 * (KIP-896), which tells 3.9 from 4.0 and later. Other Kafka-compatible servers (Redpanda,
 * Brokerlab's own) are dated by the same rule: "speaks like Kafka X".
 */
import type { ApiVersionRange } from '../../engine/protocol/apis/api-versions.js';

const FETCH = 1;

/** Fetch's highest version → the first release that spoke it. */
const fetchIntroducedIn: ReadonlyArray<readonly [number, string]> = [
  [0, '0.8'],
  [1, '0.9'],
  [2, '0.10.0'],
  [3, '0.10.1'],
  [4, '0.11'],
  [6, '1.0'],
  [7, '1.1'],
  [8, '2.0'],
  [9, '2.1'],
  [11, '2.3'],
  [12, '2.7'],
  [13, '3.1'],
  [14, '3.5'],
  [16, '3.7'],
  [17, '3.9'],
];

/** The last release before each of the above, for the upper end of a range. */
const lastBefore: Readonly<Record<string, string>> = {
  '0.9': '0.8',
  '0.10.0': '0.9',
  '0.10.1': '0.10.0',
  '0.11': '0.10.2',
  '1.0': '0.11',
  '1.1': '1.0',
  '2.0': '1.1',
  '2.1': '2.0',
  '2.3': '2.2',
  '2.7': '2.6',
  '3.1': '3.0',
  '3.5': '3.4',
  '3.7': '3.6',
  '3.9': '3.8',
};

/** "Apache Kafka 3.7 – 3.8", "Apache Kafka 4.0 or newer", or null without a Fetch range. */
export function kafkaReleaseRange(ranges: readonly ApiVersionRange[]): string | null {
  const fetch = ranges.find((r) => r.apiKey === FETCH);
  if (!fetch) return null;
  if (fetch.minVersion >= 4) return 'Apache Kafka 4.0 or newer';
  const at = fetchIntroducedIn.findLastIndex(([version]) => version <= fetch.maxVersion);
  if (at < 0) return null;
  const from = fetchIntroducedIn[at]![1];
  const next = fetchIntroducedIn[at + 1];
  // The newest entry: up to 3.9, since 4.0 would have dropped the old Fetch versions.
  const to = next ? lastBefore[next[1]]! : '3.9';
  return from === to ? `Apache Kafka ${from}` : `Apache Kafka ${from} – ${to}`;
}
