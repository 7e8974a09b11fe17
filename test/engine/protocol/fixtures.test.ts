import { describe, expect, it } from 'vitest';
import type { ApiModule } from '../../../engine/protocol/api.js';
import {
  decodeResponseFrame,
  encodeRequestFrame,
  encodeResponseFrame,
} from '../../../engine/protocol/frame.js';
import { Reader } from '../../../engine/protocol/reader.js';
import { apis, decodeRequestFrame } from '../../../engine/protocol/registry.js';
import { Writer } from '../../../engine/protocol/writer.js';
import { readFixtures, type Fixture } from './fixtures.js';
import { adaptKafkaJson, expectMatchesKafkaJson } from './vectors.js';

const fixtures = readFixtures();

/** The frame as the codec writes it, without the size prefix. */
const payload = (chunks: Buffer[]): Buffer => Buffer.concat(chunks).subarray(4);

/** The body as the codec writes it alone, to hold against Kafka's canonical bytes. */
function encodeBody(api: ApiModule, kind: 'request' | 'response', message: unknown, version: number): string {
  const writer = new Writer();
  if (kind === 'request') api.encodeRequest(writer, message, version);
  else api.encodeResponse(writer, message, version);
  return writer.toBuffer().toString('hex');
}

/** Whether the captured body is what Kafka itself would write (a client may send what Kafka drops). */
const isCanonical = (frame: Buffer, canonicalHex: string): boolean =>
  frame.toString('hex').endsWith(canonicalHex);

/** `kcat 1.7.1 (librdkafka 2.0.2)`, from the fixture's first comment line. */
const client = (fixture: Fixture): string =>
  /request from (.*)$/m.exec(fixture.source.split(' # ')[0] ?? '')?.[1] ?? '?';

function checkRequest(api: ApiModule, fixture: Fixture): void {
  const decoded = decodeRequestFrame(fixture.request);
  if (decoded.kind !== 'request') throw new Error(`decoded as ${decoded.kind}`);
  expect([decoded.name, decoded.header.apiVersion]).toEqual([fixture.api, fixture.version]);
  const message = { version: fixture.version, kind: 'request' } as const;
  expectMatchesKafkaJson(decoded.request, adaptKafkaJson(fixture.api, message, fixture.kafka.request));
  expect(encodeBody(api, 'request', decoded.request, fixture.version)).toBe(
    fixture.kafka.requestCanonicalHex,
  );
  if (isCanonical(fixture.request, fixture.kafka.requestCanonicalHex)) {
    const { apiVersion, correlationId, clientId } = decoded.header;
    const frame = payload(encodeRequestFrame(api, { apiVersion, correlationId, clientId }, decoded.request));
    expect(frame.toString('hex')).toBe(fixture.request.toString('hex'));
  }
}

function checkResponse(api: ApiModule, fixture: Fixture, frame: Buffer): void {
  const { correlationId, response } = decodeResponseFrame(api, fixture.version, frame);
  expect(correlationId).toBe(new Reader(fixture.request, 4).readInt32());
  const message = { version: fixture.version, kind: 'response' } as const;
  expectMatchesKafkaJson(response, adaptKafkaJson(fixture.api, message, fixture.kafka.response));
  expect(encodeBody(api, 'response', response, fixture.version)).toBe(fixture.kafka.responseCanonicalHex);
  expect(payload(encodeResponseFrame(api, fixture.version, correlationId, response)).toString('hex')).toBe(
    frame.toString('hex'),
  );
}

describe('fixtures captured from real clients and Apache Kafka', () => {
  it('cover every API Brokerlab speaks that a real client sends to a broker', () => {
    const covered = new Set(fixtures.map((f) => f.api));
    // WriteTxnMarkers only goes from a transaction coordinator to partition leaders, never from a client.
    const brokerToBroker = new Set(['WriteTxnMarkers']);
    expect(Object.keys(apis).filter((name) => !covered.has(name) && !brokerToBroker.has(name))).toEqual([]);
  });
});

const byApi = Object.keys(apis)
  .map((name) => [name, fixtures.filter((f) => f.api === name)] as const)
  .filter(([, list]) => list.length > 0);

describe.each(byApi)('%s fixtures', (name, list) => {
  const api = apis[name as keyof typeof apis] as ApiModule;
  const cases = list.map((f) => [f.file.replace(/\.hex$/, ''), f.version, client(f), f] as const);

  it.each(cases)(
    '%s: decodes the v%i request from %s to Kafka’s values and writes the same bytes',
    (...c) => {
      checkRequest(api, c[3]);
    },
  );

  it.each(cases.filter((c) => c[3].response !== null))(
    '%s: decodes Apache Kafka’s v%i response to %s to Kafka’s values and writes the same bytes',
    (...c) => {
      checkResponse(api, c[3], c[3].response!);
    },
  );
});
