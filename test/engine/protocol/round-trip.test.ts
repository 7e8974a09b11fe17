import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiModule } from '../../../engine/protocol/api.js';
import { Reader } from '../../../engine/protocol/reader.js';
import { apis, type SupportedApiName } from '../../../engine/protocol/registry.js';
import { Writer } from '../../../engine/protocol/writer.js';
import { arbitraries } from './arbitraries/index.js';

const runs = { seed: 20261123, numRuns: 40 };

function roundTrip(api: ApiModule, kind: 'request' | 'response', message: unknown, version: number): unknown {
  const writer = new Writer(16);
  if (kind === 'request') api.encodeRequest(writer, message, version);
  else api.encodeResponse(writer, message, version);
  const reader = new Reader(writer.toBuffer());
  const decoded =
    kind === 'request' ? api.decodeRequest(reader, version) : api.decodeResponse(reader, version);
  reader.expectEnd();
  return decoded;
}

describe.each(Object.entries(apis))('%s round trip (fast-check)', (name, api) => {
  const arbitrary = arbitraries[name as SupportedApiName];
  const versions = Array.from({ length: api.maxVersion - api.minVersion + 1 }, (_, i) => api.minVersion + i);

  it.each(versions)('decodes every v%i request and response to what was encoded', (version) => {
    for (const kind of ['request', 'response'] as const) {
      fc.assert(
        fc.property(arbitrary[kind](version), (message) => {
          expect(roundTrip(api as ApiModule, kind, message, version)).toEqual(message);
        }),
        runs,
      );
    }
  });
});
