/**
 * Consumer groups with real confluent-kafka-python consumers (librdkafka) against a 3-broker
 * Brokerlab cluster: every record read exactly once by a group of three on six partitions; a
 * member that leaves or crashes has its partitions taken over from the committed offsets after
 * a rebalance; a cooperative-sticky group moves only the partitions it must; a static member
 * restarts without a rebalance.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { asBrokerId } from '../../../engine/types.js';
import type { TestCluster } from '../broker/test-cluster.js';
import { until } from '../broker/wire.js';
import { bootstrapOf, coordinatorGroup, produce, rebalancesOf, startGroupCluster } from './group-cluster.js';
import { pythonAvailability, PythonMember, waitForMembers, type MemberOptions } from './python-members.js';

const python = pythonAvailability();
const why = python.ok ? '' : ` (skipped: ${python.reason})`;
const PARTITIONS = 6;

describe.skipIf(!python.ok)(`a group of confluent-kafka-python consumers${why}`, () => {
  let cluster: TestCluster;
  const members: PythonMember[] = [];

  beforeAll(async () => {
    cluster = await startGroupCluster();
  }, 60_000);

  afterEach(async () => {
    await Promise.all(members.splice(0).map((m) => m.crash()));
  });

  afterAll(async () => {
    await cluster?.stop();
    expect(cluster?.bugs ?? []).toEqual([]);
  });

  function start(options: MemberOptions): PythonMember {
    if (!python.ok) throw new Error(python.reason);
    const member = PythonMember.start(python.python, bootstrapOf(cluster), options);
    members.push(member);
    return member;
  }

  async function newTopic(name: string): Promise<string> {
    await cluster.createTopic(name, PARTITIONS, 3);
    return name;
  }

  /** Waits until the members own the six partitions between them, `each` apiece. */
  async function balanced(group: readonly PythonMember[], each: number): Promise<void> {
    await waitForMembers(group, `${each} partitions each`, () => group.every((m) => m.owned.length === each));
    const all = group.flatMap((m) => m.owned).sort((a, b) => a - b);
    expect(all).toEqual([0, 1, 2, 3, 4, 5]);
  }

  /** Waits until the members consumed `count` records between them. */
  async function consumed(group: readonly PythonMember[], count: number): Promise<void> {
    const total = () => group.reduce((n, m) => n + m.records.length, 0);
    await waitForMembers(group, `${count} records in the group`, () => total() >= count);
  }

  function values(group: readonly PythonMember[]): string[] {
    return group.flatMap((m) => m.records.map((r) => r.value));
  }

  function expectExactlyOnce(group: readonly PythonMember[], expected: readonly string[]): void {
    const seen = values(group);
    expect(seen.length).toBe(expected.length);
    expect(new Set(seen)).toEqual(new Set(expected));
  }

  const batch = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

  test('three consumers on six partitions read every record exactly once', async () => {
    const topic = await newTopic('py-once');
    await produce(cluster, topic, PARTITIONS, 'a', 600);
    const group = [1, 2, 3].map((i) => start({ topic, group: 'py-once', clientId: `once-${i}` }));
    await balanced(group, 2);
    await consumed(group, 600);
    await produce(cluster, topic, PARTITIONS, 'b', 300);
    await consumed(group, 900);
    expectExactlyOnce(group, [...batch('a', 600), ...batch('b', 300)]);
    const described = coordinatorGroup(cluster, 'py-once');
    expect(described?.state).toBe('Stable');
    expect(described?.protocol).toBe('range');
    expect(described?.members).toHaveLength(3);
  }, 60_000);

  for (const ending of ['leaves', 'crashes'] as const) {
    test(`a member that ${ending} has its partitions taken over from the committed offsets`, async () => {
      const name = `py-${ending}`;
      const topic = await newTopic(name);
      await produce(cluster, topic, PARTITIONS, 'a', 600);
      const group = [1, 2, 3].map((i) =>
        start({ topic, group: name, clientId: `${ending}-${i}`, sessionTimeoutMs: 3000 }),
      );
      await balanced(group, 2);
      await consumed(group, 600);
      const [a, b, c] = group as [PythonMember, PythonMember, PythonMember];
      const lost = c.owned;

      const before = rebalancesOf(cluster, name).length;
      const seenBefore = new Map([a, b].map((m) => [m, m.events.length]));
      if (ending === 'leaves') await c.stop();
      else await c.crash();
      await balanced([a, b], 3);
      const started = rebalancesOf(cluster, name).slice(before);
      expect(started.length).toBeGreaterThan(0);
      expect(started[0]?.reason).toMatch(ending === 'leaves' ? /left/ : /timed out/);

      await produce(cluster, topic, PARTITIONS, 'b', 300);
      await consumed([a, b], 900 - c.records.length);
      // Nothing read twice, nothing skipped: the survivors started at the committed offsets.
      expectExactlyOnce(group, [...batch('a', 600), ...batch('b', 300)]);
      for (const partition of lost) {
        const taker = a.owned.includes(partition) ? a : b;
        const taken = taker.events.slice(seenBefore.get(taker));
        const first = taken
          .flatMap((e) => (e.event === 'records' ? e.records : []))
          .find(([p]) => p === partition);
        // All 600 were committed before: 100 per partition.
        expect(first?.[1]).toBe(100);
      }
    }, 60_000);
  }

  test('a cooperative-sticky group moves only the partitions a new member takes', async () => {
    const topic = await newTopic('py-coop');
    await produce(cluster, topic, PARTITIONS, 'a', 300);
    const options = { topic, group: 'py-coop', assignor: 'cooperative-sticky' } as const;
    const a = start({ ...options, clientId: 'coop-1' });
    const b = start({ ...options, clientId: 'coop-2' });
    await balanced([a, b], 3);
    await consumed([a, b], 300);
    const kept = { a: a.owned, b: b.owned };
    const eventsBefore = { a: a.events.length, b: b.events.length };

    const c = start({ ...options, clientId: 'coop-3' });
    await balanced([a, b, c], 2);
    for (const [m, was, from] of [
      [a, kept.a, eventsBefore.a],
      [b, kept.b, eventsBefore.b],
    ] as const) {
      const later = m.events.slice(from);
      const revoked = later.flatMap((e) => (e.event === 'revoked' ? e.partitions : []));
      // Only what moved to the newcomer was revoked; what stayed was never given up.
      expect(revoked.sort()).toEqual(was.filter((p) => !m.owned.includes(p)).sort());
      expect(later.every((e) => (e.event !== 'assigned' && e.event !== 'revoked') || e.incremental)).toBe(
        true,
      );
    }
    expect(coordinatorGroup(cluster, 'py-coop')?.protocol).toBe('cooperative-sticky');

    await produce(cluster, topic, PARTITIONS, 'b', 300);
    await consumed([a, b, c], 600);
    expectExactlyOnce([a, b, c], [...batch('a', 300), ...batch('b', 300)]);
  }, 60_000);

  test("the group carries on when its coordinator's broker is killed", async () => {
    const topic = await newTopic('py-failover');
    await produce(cluster, topic, PARTITIONS, 'a', 300);
    const group = [1, 2, 3].map((i) => start({ topic, group: 'py-failover', clientId: `failover-${i}` }));
    await balanced(group, 2);
    await consumed(group, 300);
    const coordinator = cluster.cluster.brokers().find((b) =>
      cluster.cluster
        .broker(b.id)
        .groupCoordinator?.localGroups()
        .some((g) => g.groupId === 'py-failover'),
    );
    expect(coordinator).toBeDefined();
    const generation = coordinatorGroup(cluster, 'py-failover')?.generationId;

    await cluster.cluster.faults.kill(asBrokerId(coordinator!.id));
    try {
      // Another broker loads the group from __consumer_offsets: same generation, same members.
      await until(
        () => coordinatorGroup(cluster, 'py-failover') !== undefined,
        30_000,
        'the group on another coordinator',
      );
      expect(coordinatorGroup(cluster, 'py-failover')).toMatchObject({
        generationId: generation,
        state: 'Stable',
      });
      await produce(cluster, topic, PARTITIONS, 'b', 300);
      await consumed(group, 600);
      expectExactlyOnce(group, [...batch('a', 300), ...batch('b', 300)]);
    } finally {
      await cluster.cluster.faults.start(asBrokerId(coordinator!.id));
    }
  }, 90_000);

  test('a static member restarts without a rebalance and gets its partitions back', async () => {
    const topic = await newTopic('py-static');
    await produce(cluster, topic, PARTITIONS, 'a', 600);
    const options = (i: number): MemberOptions => ({
      topic,
      group: 'py-static',
      clientId: `static-${i}`,
      instanceId: `instance-${i}`,
      sessionTimeoutMs: 10_000,
    });
    const [a, b, c] = [1, 2, 3].map((i) => start(options(i))) as [PythonMember, PythonMember, PythonMember];
    await balanced([a, b, c], 2);
    await consumed([a, b, c], 600);
    const generation = coordinatorGroup(cluster, 'py-static')?.generationId;
    const rebalances = rebalancesOf(cluster, 'py-static').length;
    const owned = b.owned;
    const others = { a: a.events.length, c: c.events.length };

    await b.crash();
    const restarted = start(options(2));
    await restarted.waitFor('its partitions back', (m) => m.owned.length === 2);
    expect(restarted.owned).toEqual(owned);
    await produce(cluster, topic, PARTITIONS, 'b', 300);
    await consumed([a, restarted, c], 900 - b.records.length);

    expect(rebalancesOf(cluster, 'py-static')).toHaveLength(rebalances);
    expect(coordinatorGroup(cluster, 'py-static')?.generationId).toBe(generation);
    // The others never noticed: no revocation, no new assignment.
    for (const [m, from] of [
      [a, others.a],
      [c, others.c],
    ] as const) {
      expect(m.events.slice(from).filter((e) => e.event === 'assigned' || e.event === 'revoked')).toEqual([]);
    }
    expectExactlyOnce([a, b, restarted, c], [...batch('a', 600), ...batch('b', 300)]);
  }, 60_000);
});
