/**
 * A client driver: how the compatibility suite runs one real Kafka client. Every client has one
 * scenario program (a Java, Go or Python program, or a TypeScript driver for the Node clients)
 * that takes a program step name, a bootstrap address and options as JSON, and returns what it
 * observed as one JSON document, so every client reports in the same shape.
 */
import type { PeerEntry } from '../cache.js';
import { run, tail } from '../process.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ClientDriver {
  /** Short name, used in topic names, group ids and the compatibility table. */
  readonly name: string;
  /** The client's version line, or why it cannot run here. */
  availability(): Promise<PeerEntry<{ version: string }>>;
  /** The program steps it implements (see test/compat/scenarios.ts). */
  readonly programs: ReadonlySet<string>;
  step(program: string, bootstrap: string, options: JsonObject): Promise<JsonObject>;
}

/** Runs `command [...args] STEP BOOTSTRAP OPTIONS_JSON` and parses the JSON it prints last. */
export async function runScenarioProgram(
  command: string,
  args: readonly string[],
  step: string,
  bootstrap: string,
  options: JsonObject,
  env: Record<string, string> = {},
): Promise<JsonObject> {
  const result = await run(command, [...args, step, bootstrap, JSON.stringify(options)], {
    timeoutMs: 90_000,
    env,
  });
  const last = result.stdout.trim().split('\n').pop() ?? '';
  if (result.code !== 0 || !last.startsWith('{')) {
    const why = result.timedOut ? 'timed out' : `exited ${result.code ?? result.signal}`;
    throw new Error(`${step} ${why}:\n${tail(result.stderr)}\n${tail(result.stdout, 5)}`);
  }
  return JSON.parse(last) as JsonObject;
}

/**
 * The `transform` step (the transform-failover scenario) for clients whose run of it takes one to
 * two minutes against Apache Kafka (its group rejoin after a broker crash), too long for every
 * suite run: they offer it only when a run names that scenario in COMPAT_SCENARIOS.
 */
export const transformWhenNamed: readonly string[] = (process.env.COMPAT_SCENARIOS ?? '')
  .split(',')
  .includes('transform-failover')
  ? ['transform']
  : [];

/** Every program step of the suite; a client implementing them all lists this. */
export const allPrograms = [
  'metadata',
  'topic-admin',
  'produce-consume',
  'compression',
  'offsets-by-time',
  'configs',
  'errors',
  'idempotent',
  'produce-acked',
  'transactions',
  'consumer-group',
  'consumer-group-resume',
] as const;
