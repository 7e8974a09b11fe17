/**
 * Differences between Apache Kafka and Brokerlab that are known, each with its reason. The
 * compatibility suite fails on any other difference; docs/compatibility.md lists these with
 * whether the last run saw them. `scenario`, `client` and `path` (a path from diff.ts; '' is a
 * client run that failed as a whole) match exactly or as globs where `*` stands for anything.
 *
 * Entries marked "to fix" are Brokerlab bugs found by the suite, listed so that the rest of the
 * suite keeps guarding what works; an entry goes as soon as Brokerlab stops differing there.
 */
import type { Difference } from './diff.js';

export interface KnownDifference {
  readonly scenario: string;
  readonly client: string;
  readonly path: string;
  readonly reason: string;
}

export const knownDifferences: readonly KnownDifference[] = [
  {
    scenario: 'configs',
    client: '*',
    path: '*.min.insync.replicas.source',
    reason:
      "Kafka 4's storage format writes a cluster-wide min.insync.replicas (source " +
      'DYNAMIC_DEFAULT_BROKER_CONFIG, for eligible leader replicas, KIP-966); Brokerlab reports its ' +
      'built-in default (DEFAULT_CONFIG)',
  },
];

/** `*` matches any run of characters; everything else matches itself. */
function glob(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

export function isKnown(
  scenario: string,
  client: string,
  difference: Difference,
): KnownDifference | undefined {
  return knownDifferences.find(
    (k) =>
      glob(k.scenario).test(scenario) && glob(k.client).test(client) && glob(k.path).test(difference.path),
  );
}
