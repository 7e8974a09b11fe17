/**
 * The results of a compatibility run, cell by cell (scenario × client), as written to
 * test-results/compat/results.json by the suite and read by write-doc.ts to make
 * docs/compatibility.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '../peers/cache.js';
import type { Difference } from './diff.js';

export type KafkaCell = 'pass' | 'fail' | 'skipped' | 'n/a';
export type BrokerlabCell = 'match' | 'known' | 'differs' | 'skipped' | 'n/a';

export interface CellResult {
  readonly scenario: string;
  readonly client: string;
  kafka: KafkaCell;
  kafkaProblems: string[];
  brokerlab: BrokerlabCell;
  /** Differences from Apache Kafka, each with the reason when it is a known one. */
  differences: (Difference & { reason?: string })[];
}

export interface CompatResults {
  readonly date: string;
  readonly machine: string;
  kafka: string;
  brokerlab: string;
  readonly clients: Record<string, string>;
  readonly scenarios: Record<string, string>;
  readonly cells: CellResult[];
}

/** How a cluster or client that did not run is marked, before the reason. */
export const notRun = 'not run: ';

export const resultsFile = join(repoRoot, 'test-results/compat/results.json');

export function writeResults(results: CompatResults): void {
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}

export function readResults(file = resultsFile): CompatResults {
  return JSON.parse(readFileSync(file, 'utf8')) as CompatResults;
}
