/**
 * Captured fixtures (see capture-fixtures.ts): `<api>-v<N>-<nnn>.hex` holds a request frame from a
 * real client and Apache Kafka's response frame (payloads without the size prefix), with comment
 * lines naming the client; `<api>-v<N>-<nnn>.json` holds Kafka's own reading of both bodies and
 * Kafka's re-serialization of them (canonical bytes).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseKafkaJson } from './vectors.js';

export interface Fixture {
  readonly file: string;
  readonly api: string;
  readonly version: number;
  /** The comment lines: which client sent the request, which Kafka answered. */
  readonly source: string;
  readonly request: Buffer;
  readonly response: Buffer | null;
  readonly kafka: {
    readonly request: unknown;
    readonly requestCanonicalHex: string;
    readonly response?: unknown;
    readonly responseCanonicalHex?: string;
  };
}

export function fixtureDir(): URL {
  return new URL('./fixtures/', import.meta.url);
}

/** `ListOffsets`, 7, 2 → `list-offsets-v7-002` */
export function fixtureName(apiName: string, version: number, n: number): string {
  const kebab = apiName.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  return `${kebab}-v${version}-${String(n).padStart(3, '0')}`;
}

export function readFixtures(): Fixture[] {
  const dir = fixtureDir();
  return readdirSync(dir)
    .filter((file) => file.endsWith('.hex'))
    .sort()
    .map((file) => {
      const lines = readFileSync(new URL(file, dir), 'utf8').split('\n');
      const field = (name: string) => lines.find((l) => l.startsWith(`${name} `))?.slice(name.length + 1);
      const header = /^# (\w+) v(\d+):/.exec(lines[0] ?? '');
      if (!header) throw new Error(`${file}: no '# <Api> v<N>:' header line`);
      const response = field('response');
      return {
        file,
        api: header[1]!,
        version: Number(header[2]),
        source: lines.filter((l) => l.startsWith('#')).join(' '),
        request: Buffer.from(field('request') ?? '', 'hex'),
        response: response === undefined ? null : Buffer.from(response, 'hex'),
        kafka: parseKafkaJson(
          readFileSync(new URL(file.replace(/\.hex$/, '.json'), dir), 'utf8'),
        ) as Fixture['kafka'],
      };
    });
}
