/**
 * Regenerates test/engine/protocol/vectors/<api>.jsonl: for every API the registry speaks, every
 * supported version, requests and responses, a few random but well-formed messages written from
 * Apache Kafka's own schema of that version, as Kafka re-serializes them, with Kafka's JSON view
 * of each. vectors.test.ts checks that Brokerlab decodes every one to the same values and
 * encodes it back to the same bytes, so each API version is held against Kafka's codec.
 *
 * Run: npx tsx test/engine/protocol/regenerate-vectors.ts   (needs the Kafka peer: scripts/setup-peers.js)
 * Deterministic: fixed seeds, so an unchanged Kafka version gives unchanged files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { apis } from '../../../engine/protocol/registry.js';
import { askKafka, oracleKafkaVersion, parseAnswer } from './oracle/kafka-oracle.js';
import { vectorFile } from './vectors.js';

const PER_VERSION = 6;

const kafkaVersion = oracleKafkaVersion();
const jobs: { name: string; version: number; kind: 'request' | 'response' }[] = [];
for (const [name, api] of Object.entries(apis)) {
  for (let version = api.minVersion; version <= api.maxVersion; version++) {
    for (const kind of ['request', 'response'] as const) jobs.push({ name, version, kind });
  }
}
// A seed per message kind, so adding an API or a version leaves the other files unchanged.
const commands = jobs.map(({ name, version, kind }) => {
  const api = apis[name as keyof typeof apis];
  const seed = api.apiKey * 1000 + version * 2 + (kind === 'request' ? 0 : 1);
  return `random ${api.apiKey} ${version} ${kind} ${seed} ${PER_VERSION}`;
});
const answers = await askKafka(commands);
if (answers.length !== jobs.length * PER_VERSION) {
  throw new Error(`expected ${jobs.length * PER_VERSION} answers from Kafka, got ${answers.length}`);
}

const files = new Map<string, string[]>();
jobs.forEach(({ name, version, kind }, i) => {
  const lines = files.get(name) ?? [`{"generatedBy":"Apache Kafka ${kafkaVersion} (KafkaCodecOracle.java)"}`];
  files.set(name, lines);
  for (const line of answers.slice(i * PER_VERSION, (i + 1) * PER_VERSION)) {
    const answer = parseAnswer(line);
    if (!answer.ok)
      throw new Error(`Kafka refused its own random ${name} v${version} ${kind}: ${answer.error}`);
    lines.push(`{"version":${version},"kind":"${kind}","hex":"${answer.hex}","json":${answer.json}}`);
  }
});
for (const [name, lines] of files) {
  const file = vectorFile(name);
  mkdirSync(new URL('.', file), { recursive: true });
  writeFileSync(file, lines.join('\n') + '\n');
  console.log(`${file.pathname}: ${lines.length - 1} vectors`);
}
