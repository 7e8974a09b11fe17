/**
 * Differential compatibility: every scenario runs with every real client against Apache Kafka and
 * against Brokerlab (three brokers each, one cluster of each per run), and Brokerlab must answer
 * what Apache Kafka answers. Against Kafka, each observation must also pass the scenario's own
 * check, so a wrong scenario fails before it judges Brokerlab. A difference fails the test unless
 * known-differences.ts lists it with its reason. The run's cells go to
 * test-results/compat/results.json, from which write-doc.ts makes docs/compatibility.md.
 *
 * COMPAT_SCENARIOS and COMPAT_CLIENTS (comma-separated names) narrow a run to some scenarios or
 * clients while working on them; such a run writes no results, since they would be partial.
 */
import { cpus, totalmem } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PeerEntry } from '../peers/cache.js';
import { compatClients } from './clients.js';
import { diffObservations } from './diff.js';
import { isKnown } from './known-differences.js';
import { notRun, writeResults, type CellResult, type CompatResults } from './results.js';
import { observe, type Observation } from './runner.js';
import { scenarios } from './scenarios.js';
import {
  apacheKafkaAvailability,
  startApacheKafka,
  startBrokerlabIfBuilt,
  targetLabels,
  type Target,
  type TargetName,
} from './targets.js';

const only = (variable: string): ((name: string) => boolean) => {
  const names = process.env[variable]?.split(',').filter(Boolean);
  return (name) => !names || names.includes(name);
};
const scenarioChosen = only('COMPAT_SCENARIOS');
const clientChosen = only('COMPAT_CLIENTS');
const narrowed = Boolean(process.env.COMPAT_SCENARIOS || process.env.COMPAT_CLIENTS);

const targets: Partial<Record<TargetName, Target>> = {};
/** Why a target that should have run did not start; its tests fail with this. */
const startFailures: Partial<Record<TargetName, Error>> = {};

const kafka = apacheKafkaAvailability();
const clientStatus = new Map(
  await Promise.all(compatClients.map(async (c) => [c.name, await c.availability()] as const)),
);
// Brokerlab starts while the tests are collected: whether it is built shows only when it starts,
// and a skipped test must say why in its title.
const brokerlab = await startBrokerlabIfBuilt().then(
  (started): PeerEntry<{ version: string }> => {
    if (!started.ok) return started;
    targets.brokerlab = started.target;
    return { ok: true, version: started.target.version };
  },
  (error: unknown): PeerEntry<{ version: string }> => {
    startFailures.brokerlab = error as Error;
    return { ok: true, version: 'Brokerlab (did not start)' };
  },
);
const observations = new Map<string, Promise<Observation>>();

const results: CompatResults = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  kafka: kafka.ok ? `Apache Kafka ${kafka.version}` : `${notRun}${kafka.reason}`,
  brokerlab: brokerlab.ok ? brokerlab.version : `${notRun}${brokerlab.reason}`,
  clients: Object.fromEntries(
    [...clientStatus].map(([name, s]) => [name, s.ok ? s.version : `${notRun}${s.reason}`]),
  ),
  scenarios: Object.fromEntries(scenarios.map((s) => [s.name, s.summary])),
  cells: [],
};

/** Cells to run per target, filled while the tests are defined; all start at once in beforeAll. */
const planned: [TargetName, number, number][] = [];

beforeAll(async () => {
  const start = async (name: TargetName, starting: () => Promise<Target>) => {
    try {
      targets[name] = await starting();
    } catch (error) {
      startFailures[name] = error as Error;
    }
  };
  if (kafka.ok) await start('apache-kafka', startApacheKafka);
  // Vitest runs one describe block at a time; starting every observation now (runner.ts bounds
  // how many run at once) keeps the machine busy across scenarios instead of within one.
  for (const [target, s, c] of planned) if (targets[target]) void observeOnce(target, s, c);
}, 180_000);

afterAll(async () => {
  await Promise.all(Object.values(targets).map((t) => t.stop()));
  if (!narrowed) writeResults(results);
}, 60_000);

function observeOnce(
  targetName: TargetName,
  scenarioIndex: number,
  clientIndex: number,
): Promise<Observation> {
  const key = `${targetName}/${scenarioIndex}/${clientIndex}`;
  let pending = observations.get(key);
  if (!pending) {
    const target = targets[targetName];
    if (!target) {
      const why = startFailures[targetName]?.message ?? 'not started';
      return Promise.resolve({
        ok: false,
        error: `${targetLabels[targetName]} did not start: ${why}`,
        ms: 0,
      });
    }
    const scenario = scenarios[scenarioIndex]!;
    const work = () => observe(target, scenario, compatClients[clientIndex]!);
    pending = scenario.exclusive ? exclusively(targetName, work) : work();
    observations.set(key, pending);
  }
  return pending;
}

/** Per target, the end of the last exclusive observation queued. */
const exclusiveTurns = new Map<TargetName, Promise<unknown>>();

/**
 * Runs an exclusive scenario's observation (it crashes and restarts brokers) once every other
 * planned observation of the target has finished and the previous exclusive one too.
 */
function exclusively(targetName: TargetName, work: () => Promise<Observation>): Promise<Observation> {
  const others = planned
    .filter(([t, s]) => t === targetName && !scenarios[s]!.exclusive)
    .map(([t, s, c]) => observeOnce(t, s, c));
  const turn = Promise.allSettled([...others, exclusiveTurns.get(targetName)]).then(work);
  exclusiveTurns.set(targetName, turn);
  return turn;
}

const timeout = 240_000;
/** Exclusive scenarios wait for everything else against their target first. */
const exclusiveTimeout = 900_000;

for (const [s, scenario] of scenarios.entries()) {
  if (!scenarioChosen(scenario.name)) continue;
  describe(scenario.name, () => {
    for (const [c, client] of compatClients.entries()) {
      if (!clientChosen(client.name)) continue;
      const cell: CellResult = {
        scenario: scenario.name,
        client: client.name,
        kafka: 'n/a',
        kafkaProblems: [],
        brokerlab: 'n/a',
        differences: [],
      };
      results.cells.push(cell);
      if (!scenario.programs.every((p) => client.programs.has(p))) continue;

      const status = clientStatus.get(client.name)!;
      const kafkaSkip = !kafka.ok ? kafka.reason : !status.ok ? status.reason : undefined;
      const brokerlabSkip = kafkaSkip ?? (brokerlab.ok ? undefined : brokerlab.reason);
      cell.kafka = kafkaSkip ? 'skipped' : 'fail';
      cell.brokerlab = brokerlabSkip ? 'skipped' : 'differs';

      if (!kafkaSkip) planned.push(['apache-kafka', s, c]);
      if (!brokerlabSkip) planned.push(['brokerlab', s, c]);

      const onKafka = `${client.name} against Apache Kafka`;
      if (kafkaSkip) test.skip(`${onKafka} (skipped: ${kafkaSkip})`, () => {});
      else {
        test.concurrent(
          onKafka,
          async () => {
            const observed = await observeOnce('apache-kafka', s, c);
            if (!observed.ok) throw new Error(observed.error);
            cell.kafkaProblems = scenario.check(observed.value, client.name);
            cell.kafka = cell.kafkaProblems.length === 0 ? 'pass' : 'fail';
            expect(cell.kafkaProblems, JSON.stringify(observed.value)).toEqual([]);
          },
          scenario.exclusive ? exclusiveTimeout : timeout,
        );
      }

      const onBrokerlab = `${client.name}: Brokerlab answers as Apache Kafka`;
      if (brokerlabSkip) test.skip(`${onBrokerlab} (skipped: ${brokerlabSkip})`, () => {});
      else {
        test.concurrent(
          onBrokerlab,
          async () => {
            const [expected, actual] = await Promise.all([
              observeOnce('apache-kafka', s, c),
              observeOnce('brokerlab', s, c),
            ]);
            if (!expected.ok)
              throw new Error(`nothing to compare: the Apache Kafka run failed: ${expected.error}`);
            const differences = actual.ok
              ? diffObservations(expected.value, actual.value)
              : [{ path: '', kafka: 'answered', brokerlab: `failed: ${actual.error}` }];
            cell.differences = differences.map((d) => ({
              ...d,
              reason: isKnown(scenario.name, client.name, d)?.reason,
            }));
            const unexplained = cell.differences.filter((d) => d.reason === undefined);
            cell.brokerlab = unexplained.length > 0 ? 'differs' : differences.length > 0 ? 'known' : 'match';
            expect(unexplained).toEqual([]);
          },
          scenario.exclusive ? exclusiveTimeout : timeout,
        );
      }
    }
  });
}
