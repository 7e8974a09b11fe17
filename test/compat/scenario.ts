/**
 * What a compatibility scenario is. A scenario runs against one target cluster (Apache Kafka or
 * Brokerlab) with one client: the runner first creates the scenario's topics, then calls run(),
 * which asks the client's scenario program for one or more observations (and may call Kafka's
 * command-line tools between them). The observation is plain JSON; the runner normalises it and
 * compares the two targets' observations. check() states what Apache Kafka is known to answer, so
 * a scenario that is itself wrong fails against Kafka before it ever judges Brokerlab.
 */
import type { Json, JsonObject } from '../peers/clients/driver.js';
import type { KafkaTools } from '../peers/kafka/tools.js';

export type { Json, JsonObject };

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs?: Record<string, string>;
}

/** The target cluster itself, for scenarios that break it (Scenario.exclusive). */
export interface ClusterControl {
  /** The partition's leader as a live broker reports it. */
  leaderOf(topic: string, partition: number): Promise<number>;
  /** The partition's high watermark. */
  endOffset(topic: string, partition: number): Promise<number>;
  killBroker(brokerId: number): Promise<void>;
  restartBroker(brokerId: number): Promise<void>;
}

export interface ScenarioContext {
  /** The client under test, as the name its observations are filed under. */
  readonly client: string;
  readonly bootstrap: string;
  /** Runs one scenario program step of the client (scenario name as the programs know it). */
  step(program: string, options: JsonObject): Promise<JsonObject>;
  /** Kafka's own command-line tools, pointed at the same target. */
  readonly tools: KafkaTools;
  /** The cluster itself; an exclusive scenario may crash and restart its brokers. */
  readonly cluster: ClusterControl;
}

export interface Scenario {
  readonly name: string;
  /** One line for docs/compatibility.md. */
  readonly summary: string;
  /** The scenario-program steps it needs; a client that lacks one does not run the scenario. */
  readonly programs: readonly string[];
  /**
   * Breaks the cluster (crashes a broker, then restarts it): runs alone, after every other
   * scenario against the same target, one client at a time.
   */
  readonly exclusive?: boolean;
  topics(client: string): readonly TopicSpec[];
  run(context: ScenarioContext): Promise<JsonObject>;
  /** Problems with an observation made against Apache Kafka; empty when it is as expected. */
  check(observed: JsonObject, client: string): string[];
}

/** A per-client topic name, so clients can run the same scenario side by side. */
export function topicName(scenario: string, client: string, suffix = ''): string {
  return `compat.${scenario}.${client}${suffix ? `.${suffix}` : ''}`;
}

/** Collects "at PATH: expected X, got Y" problems. */
export class Expectations {
  readonly problems: string[] = [];

  equal(path: string, actual: unknown, expected: unknown): this {
    if (canonicalJson(actual) !== canonicalJson(expected)) {
      this.problems.push(`at ${path}: expected ${canonicalJson(expected)}, got ${canonicalJson(actual)}`);
    }
    return this;
  }

  that(path: string, condition: boolean, what: string): this {
    if (!condition) this.problems.push(`at ${path}: ${what}`);
    return this;
  }
}

/** An outcome a client reports for something it cannot do itself (not a cluster's answer). */
export function isClientLimitation(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('client:');
}

/** JSON with object keys sorted, so equal observations print equal whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
