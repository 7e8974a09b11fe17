import { describe, expect, it } from 'vitest';
import { checkLogs, type LogRecord } from './checks.js';
import type { ProducerTally } from './workload.js';

const tally = (
  name: string,
  idempotent: boolean,
  acked: [string, number, number][],
  uncertain: string[] = [],
) =>
  ({
    name,
    idempotent,
    acked: acked.map(([value, partition, offset]) => ({ value, partition, offset })),
    uncertain,
    failures: uncertain.length,
    incarnations: 1,
  }) satisfies ProducerTally;

const log = (...values: string[]): LogRecord[] => values.map((value, offset) => ({ offset, value }));

describe('the reliability checks', () => {
  it('pass a log that holds every acknowledged record in order', () => {
    const result = checkLogs(new Map([[0, log('a.1.0', 'a.1.1')]]), [
      tally('a', true, [
        ['a.1.0', 0, 0],
        ['a.1.1', 0, 1],
      ]),
    ]);
    expect(result.violations).toEqual([]);
    expect(result.figures).toEqual({ acked: 2, verified: 2, uncertainLanded: 0 });
  });

  it('report an acknowledged record missing from its offset', () => {
    const result = checkLogs(new Map([[0, log('a.1.0')]]), [tally('a', false, [['a.1.1', 0, 1]])]);
    expect(result.violations).toEqual([
      'lost: a.1.1 acknowledged at partition 0 offset 1, the log has nothing there',
    ]);
  });

  it('report a duplicate from the idempotent producer, even of a send that failed', () => {
    const result = checkLogs(new Map([[0, log('a.1.0', 'a.1.0')]]), [tally('a', true, [], ['a.1.0'])]);
    expect(result.violations).toEqual([
      'duplicate: a.1.0 from the idempotent producer is in the log 2 times',
    ]);
  });

  it('allow a plain producer to repeat a retried batch but not to reorder', () => {
    const plain = tally('p', false, []);
    expect(
      checkLogs(new Map([[0, log('p.1.0', 'p.1.1', 'p.1.0', 'p.1.1', 'p.1.2')]]), [plain]).violations,
    ).toEqual([]);
    expect(checkLogs(new Map([[0, log('p.1.1', 'p.1.0')]]), [plain]).violations).toEqual([
      'order: partition 0 offset 1 holds p.1.0 after sequence 1 of p.1',
    ]);
  });
});
