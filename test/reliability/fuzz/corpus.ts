/**
 * The fuzzer's corpus: valid request payloads (frames without their size prefix) for every API
 * and every version the broker speaks, generated from the registry's codecs with the protocol
 * tests' fast-check arbitraries under a fixed seed, plus every request captured from a real
 * client (test/engine/protocol/fixtures).
 */
import fc from 'fast-check';
import type { ApiModule } from '../../../engine/protocol/api.js';
import { encodeRequestFrame } from '../../../engine/protocol/frame.js';
import { apis, type SupportedApiName } from '../../../engine/protocol/registry.js';
import { arbitraries } from '../../engine/protocol/arbitraries/index.js';
import { readFixtures } from '../../engine/protocol/fixtures.js';

export interface CorpusEntry {
  readonly api: string;
  readonly version: number;
  readonly payload: Buffer;
}

export function buildCorpus(seed: number, perVersion: number): CorpusEntry[] {
  const corpus: CorpusEntry[] = [];
  for (const [name, api] of Object.entries(apis) as [SupportedApiName, ApiModule][]) {
    for (let version = api.minVersion; version <= api.maxVersion; version++) {
      const requests = fc.sample(arbitraries[name].request(version), {
        seed: seed + api.apiKey * 100 + version,
        numRuns: perVersion,
      });
      for (const request of requests) {
        const frame = Buffer.concat(
          encodeRequestFrame(api, { apiVersion: version, correlationId: 0, clientId: 'fuzz' }, request),
        );
        corpus.push({ api: name, version, payload: frame.subarray(4) });
      }
    }
  }
  for (const fixture of readFixtures()) {
    corpus.push({ api: fixture.api, version: fixture.version, payload: fixture.request });
  }
  return corpus;
}

/** How many API versions the corpus covers. */
export function versionsCovered(corpus: readonly CorpusEntry[]): number {
  return new Set(corpus.map((e) => `${e.api} v${e.version}`)).size;
}
