/**
 * Runs one scenario with one client against one target and returns the normalised observation
 * (or the failure), at most three at a time: most clients are separate processes (a JVM each for
 * Java and Kafka's tools) and the machine has two cores.
 */
import type { ClientDriver } from '../peers/clients/driver.js';
import { kafkaTools } from '../peers/kafka/tools.js';
import { clusterControl } from './cluster-control.js';
import { normalise } from './normalise.js';
import type { JsonObject, Scenario } from './scenario.js';
import type { Target } from './targets.js';
import { createTopics } from './topics.js';

export type Observation =
  | { readonly ok: true; readonly value: JsonObject; readonly ms: number }
  | { readonly ok: false; readonly error: string; readonly ms: number };

const maxRunning = 3;
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= maxRunning) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export function observe(target: Target, scenario: Scenario, client: ClientDriver): Promise<Observation> {
  return limited(async () => {
    const started = performance.now();
    try {
      await createTopics(target.bootstrap, scenario.topics(client.name));
      const value = await scenario.run({
        client: client.name,
        bootstrap: target.bootstrap,
        tools: kafkaTools,
        cluster: clusterControl(target),
        step: (program, options) => client.step(program, target.bootstrap, options),
      });
      return { ok: true, value: normalise(value) as JsonObject, ms: performance.now() - started };
    } catch (error) {
      return { ok: false, error: (error as Error).message, ms: performance.now() - started };
    }
  });
}
