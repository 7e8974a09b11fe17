import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiModule } from '../../../engine/protocol/api.js';
import { ApiKey } from '../../../engine/protocol/api-keys.js';
import { ProtocolDecodeError } from '../../../engine/protocol/decode-error.js';
import { decodeResponseFrame } from '../../../engine/protocol/frame.js';
import { FrameSplitter } from '../../../engine/protocol/frame-splitter.js';
import { Reader } from '../../../engine/protocol/reader.js';
import { apis, decodeRequestFrame } from '../../../engine/protocol/registry.js';
import { readFixtures } from './fixtures.js';
import { readVectors } from './vectors.js';

const fixtures = readFixtures();

/** Decodes bytes as the broker (requests) or a client (responses) would; returns the error, if any. */
function tryDecode(bytes: Buffer, response?: { api: ApiModule; version: number }): unknown {
  try {
    if (response) decodeResponseFrame(response.api, response.version, bytes);
    else decodeRequestFrame(bytes);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Every cut point of a short frame, an even spread of `most` of a long one. */
function cutPoints(length: number, most = 150): number[] {
  if (length <= most) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: most }, (_, i) => Math.floor((i * length) / most));
}

/** The cuts whose decode did not end in a ProtocolDecodeError, for one failing expectation per frame. */
const misses = (cuts: number[], decodeError: (cut: number) => unknown): number[] =>
  cuts.filter((cut) => !(decodeError(cut) instanceof ProtocolDecodeError));

describe('malformed input', () => {
  it('refuses every truncation of every captured request with a ProtocolDecodeError', () => {
    for (const fixture of fixtures) {
      const cuts = cutPoints(fixture.request.length);
      expect(
        misses(cuts, (cut) => tryDecode(fixture.request.subarray(0, cut))),
        fixture.file,
      ).toEqual([]);
    }
  });

  it('refuses every truncation of every captured response with a ProtocolDecodeError', () => {
    for (const fixture of fixtures) {
      if (!fixture.response) continue;
      const api = apis[fixture.api as keyof typeof apis] as ApiModule;
      const frame = fixture.response;
      const cuts = cutPoints(frame.length);
      const response = { api, version: fixture.version };
      expect(
        misses(cuts, (cut) => tryDecode(frame.subarray(0, cut), response)),
        fixture.file,
      ).toEqual([]);
    }
  });

  it('decodes mutated frames or refuses them with a ProtocolDecodeError, never another error', () => {
    const frames = fixtures.flatMap((f) => {
      const api = apis[f.api as keyof typeof apis] as ApiModule;
      return [
        { bytes: f.request, response: undefined },
        ...(f.response ? [{ bytes: f.response, response: { api, version: f.version } }] : []),
      ];
    });
    const mutation = fc.record({
      frame: fc.integer({ min: 0, max: frames.length - 1 }),
      edits: fc.array(
        fc.record({
          at: fc.nat(),
          kind: fc.constantFrom('flip', 'set-ff', 'set-00', 'insert', 'delete'),
          byte: fc.integer({ min: 0, max: 255 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ frame, edits }) => {
        const { bytes, response } = frames[frame]!;
        let mutated = Buffer.from(bytes);
        for (const { at, kind, byte } of edits) {
          const i = mutated.length === 0 ? 0 : at % mutated.length;
          if (kind === 'flip') mutated[i] = mutated[i]! ^ (1 << (byte % 8));
          else if (kind === 'set-ff') mutated[i] = 0xff;
          else if (kind === 'set-00') mutated[i] = 0x00;
          else if (kind === 'insert')
            mutated = Buffer.concat([mutated.subarray(0, i), Buffer.from([byte]), mutated.subarray(i)]);
          else mutated = Buffer.concat([mutated.subarray(0, i), mutated.subarray(i + 1)]);
        }
        const error = tryDecode(mutated, response);
        if (error !== undefined) expect(error).toBeInstanceOf(ProtocolDecodeError);
      }),
      { seed: 7, numRuns: 3000 },
    );
  });

  it('decodes random bytes after a valid header or refuses them with a ProtocolDecodeError', () => {
    const keys = Object.values(apis).map((api) => ({
      key: api.apiKey,
      min: api.minVersion,
      max: api.maxVersion,
    }));
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.nat(),
        fc.uint8Array({ maxLength: 64 }),
        ({ key, min, max }, v, body) => {
          const header = Buffer.from([
            key >> 8,
            key & 0xff,
            0,
            min + (v % (max - min + 1)),
            0,
            0,
            0,
            1,
            0xff,
            0xff,
          ]);
          const error = tryDecode(Buffer.concat([header, body]));
          if (error !== undefined) expect(error).toBeInstanceOf(ProtocolDecodeError);
        },
      ),
      { seed: 11, numRuns: 3000 },
    );
  });

  it('refuses a count of two billion elements in a small frame before allocating anything', () => {
    // Produce v3: transactional id null, acks 1, timeout 1000, then a topic count of 0x7fffffff.
    const header = Buffer.from([0, ApiKey.Produce, 0, 3, 0, 0, 0, 1, 0xff, 0xff]);
    const body = Buffer.from('ffff' + '0001' + '000003e8' + '7fffffff' + '00', 'hex');
    const before = process.memoryUsage().arrayBuffers;
    expect(() => decodeRequestFrame(Buffer.concat([header, body]))).toThrow(
      /array of 2147483647 elements in 1 bytes/,
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });

  it('refuses Kafka-written vectors cut short, for every API version', () => {
    const failures: string[] = [];
    for (const name of Object.keys(apis)) {
      const api = apis[name as keyof typeof apis] as ApiModule;
      for (const vector of readVectors(name)) {
        const bytes = Buffer.from(vector.hex, 'hex');
        const decodeError = (cut: number) => {
          const reader = new Reader(bytes.subarray(0, cut));
          try {
            if (vector.kind === 'request') api.decodeRequest(reader, vector.version);
            else api.decodeResponse(reader, vector.version);
          } catch (error) {
            return error;
          }
        };
        const missed = misses(cutPoints(bytes.length, 12), decodeError);
        if (missed.length)
          failures.push(`${name} v${vector.version} ${vector.kind} cut at ${missed.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('FrameSplitter over arbitrary chunking', () => {
  it('returns the same frames however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 10 }),
        (payloads, sizes) => {
          const stream = Buffer.concat(
            payloads.flatMap((p) => {
              const size = Buffer.alloc(4);
              size.writeInt32BE(p.length);
              return [size, Buffer.from(p)];
            }),
          );
          const splitter = new FrameSplitter(1024);
          const frames: Buffer[] = [];
          for (let at = 0, i = 0; at < stream.length; i++) {
            const size = sizes[i % sizes.length]!;
            frames.push(...splitter.push(stream.subarray(at, at + size)));
            at += size;
          }
          expect(frames.map((f) => [...f])).toEqual(payloads.map((p) => [...p]));
          expect(splitter.buffered).toBe(0);
        },
      ),
      { seed: 3, numRuns: 500 },
    );
  });
});
