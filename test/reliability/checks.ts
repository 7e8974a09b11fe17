/**
 * What a reliability run holds the cluster to once it is healed, given what each partition's log
 * serves (offset → value) and what the producers were told:
 * - no acknowledged record lost: each acknowledged value is at the offset it was acknowledged at;
 * - no duplicates from an idempotent producer, acknowledged or not;
 * - order kept: within a partition, one producer incarnation's records first appear in the order
 *   they were sent (a non-idempotent producer's retries may repeat a batch, never reorder it).
 */
import type { ProducerTally } from './workload.js';
import { parseValue } from './workload.js';

export interface LogRecord {
  readonly offset: number;
  readonly value: string;
}

export interface CheckFigures {
  readonly acked: number;
  readonly verified: number;
  readonly uncertainLanded: number;
}

export function checkLogs(
  logs: ReadonlyMap<number, readonly LogRecord[]>,
  tallies: readonly ProducerTally[],
): { violations: string[]; figures: CheckFigures } {
  const violations: string[] = [];
  const byOffset = new Map<number, Map<number, string>>();
  const counts = new Map<string, number>();
  for (const [partition, records] of logs) {
    const at = new Map<number, string>();
    for (const r of records) {
      at.set(r.offset, r.value);
      counts.set(r.value, (counts.get(r.value) ?? 0) + 1);
    }
    byOffset.set(partition, at);
    violations.push(...orderViolations(partition, records));
  }

  let acked = 0;
  let verified = 0;
  let uncertainLanded = 0;
  for (const tally of tallies) {
    for (const record of tally.acked) {
      acked++;
      const found = byOffset.get(record.partition)?.get(record.offset);
      if (found === record.value) verified++;
      else {
        violations.push(
          `lost: ${record.value} acknowledged at partition ${record.partition} offset ${record.offset}, ` +
            `the log has ${found === undefined ? 'nothing there' : found}`,
        );
      }
    }
    for (const value of tally.uncertain) if (counts.has(value)) uncertainLanded++;
    if (!tally.idempotent) continue;
    for (const value of [...tally.acked.map((r) => r.value), ...tally.uncertain]) {
      const n = counts.get(value) ?? 0;
      if (n > 1) violations.push(`duplicate: ${value} from the idempotent producer is in the log ${n} times`);
    }
  }
  return { violations, figures: { acked, verified, uncertainLanded } };
}

function orderViolations(partition: number, records: readonly LogRecord[]): string[] {
  const lastSequence = new Map<string, number>();
  const violations: string[] = [];
  const first = new Set<string>();
  for (const { offset, value } of records) {
    if (first.has(value)) continue;
    first.add(value);
    const { producer, incarnation, sequence } = parseValue(value);
    const key = `${producer}.${incarnation}`;
    const before = lastSequence.get(key);
    if (before !== undefined && sequence < before) {
      violations.push(
        `order: partition ${partition} offset ${offset} holds ${value} after sequence ${before} of ${key}`,
      );
    }
    lastSequence.set(key, Math.max(before ?? sequence, sequence));
  }
  return violations;
}
