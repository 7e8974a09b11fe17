/**
 * Regenerates test/engine/protocol/fixtures/: real request/response pairs. Real clients (see
 * capture/clients.ts) run small scenarios against Apache Kafka through a recording proxy; every
 * exchange of an API version Brokerlab speaks becomes `<api>-v<N>-<nnn>.hex` (the request and
 * response frames, and which client sent it), and `<api>-v<N>-<nnn>.json` holds Apache Kafka's
 * own reading of both bodies (KafkaCodecOracle.java), the expected values for fixtures.test.ts.
 *
 * Run: npx tsx test/engine/protocol/capture-fixtures.ts   (needs the peers: scripts/setup-peers.js)
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { ApiKey, apiName } from '../../../engine/protocol/api-keys.js';
import {
  readRequestHeaderPrefix,
  readRequestHeaderTail,
  requestHeaderVersion,
  readResponseHeader,
  responseHeaderVersion,
} from '../../../engine/protocol/frame.js';
import { Reader } from '../../../engine/protocol/reader.js';
import { apiModule } from '../../../engine/protocol/registry.js';
import { runKafkaTool } from '../../peers/kafka/tools.js';
import { startKafka } from '../../peers/kafka/start.js';
import { captureClients, saslCaptureClients, saslUser, type CaptureClient } from './capture/clients.js';
import { RecordingProxy, type Exchange } from './capture/recording-proxy.js';
import { fixtureDir, fixtureName } from './fixtures.js';
import { askKafka, oracleKafkaVersion, parseAnswer } from './oracle/kafka-oracle.js';

/** Exchanges kept per API version and client: enough variety, few files. */
const PER_CLIENT_VERSION = 2;

const log = (line: string) => console.log(line);

interface Captured {
  readonly exchange: Exchange;
  readonly client: string;
}

async function captureFrom(
  options: Parameters<typeof startKafka>[0],
  clients: Record<string, CaptureClient>,
): Promise<Captured[]> {
  const proxy = await RecordingProxy.listen();
  const kafka = await startKafka({
    ...options,
    advertisedClientPorts: [proxy.port],
    brokerConfig: { 'group.initial.rebalance.delay.ms': '0', ...options?.brokerConfig },
  });
  proxy.target = kafka.nodes[0]!.clientPort;
  const captured: Captured[] = [];
  try {
    if (!options?.security) {
      await runKafkaTool('topics', [
        '--bootstrap-server',
        kafka.bootstrap,
        '--create',
        '--topic',
        'fx-data',
        '--partitions',
        '3',
      ]);
    }
    for (const [key, client] of Object.entries(clients)) {
      let name: string;
      try {
        name = await client.name();
      } catch (error) {
        log(`${key}: not available (${String(error)})`);
        continue;
      }
      log(`${name}`);
      proxy.label = name;
      const before = proxy.exchanges.length;
      await client.run(kafka.bootstrap, log);
      for (const exchange of proxy.exchanges.slice(before)) captured.push({ exchange, client: name });
    }
  } finally {
    await proxy.close();
    await kafka.stop();
  }
  log(`captured ${captured.length} exchanges from Apache Kafka ${kafka.version}`);
  return captured;
}

/** Where the body starts in a request or response payload of this API version. */
function bodyOffsets(exchange: Exchange): { request: number; response: number } | undefined {
  const api = apiModule(exchange.header.apiKey);
  const version = exchange.header.apiVersion;
  if (!api || version < api.minVersion || version > api.maxVersion) return undefined;
  const request = new Reader(exchange.request);
  readRequestHeaderPrefix(request);
  readRequestHeaderTail(request, requestHeaderVersion(api, version));
  let response = -1;
  if (exchange.response) {
    const reader = new Reader(exchange.response);
    readResponseHeader(reader, responseHeaderVersion(api, version));
    response = reader.position;
  }
  return { request: request.position, response };
}

const plaintext = await captureFrom(undefined, captureClients);
const sasl = await captureFrom(
  { security: { sasl: { mechanisms: ['PLAIN'], users: [saslUser] } } },
  saslCaptureClients,
);

const kafkaVersion = oracleKafkaVersion();
const chosen: (Captured & { offsets: { request: number; response: number } })[] = [];
const counts = new Map<string, number>();
const skipped = new Set<string>();
for (const item of [...plaintext, ...sasl]) {
  const { header } = item.exchange;
  const offsets = bodyOffsets(item.exchange);
  if (!offsets) {
    skipped.add(`${apiName(header.apiKey)} v${header.apiVersion}`);
    continue;
  }
  // A request cut off by a closing connection has no response; only acks=0 produce legitimately lacks one.
  if (item.exchange.response === null && header.apiKey !== ApiKey.Produce) continue;
  const key = `${header.apiKey}/${header.apiVersion}/${item.client}`;
  const seen = counts.get(key) ?? 0;
  if (seen >= PER_CLIENT_VERSION) continue;
  counts.set(key, seen + 1);
  chosen.push({ ...item, offsets });
}
if (skipped.size) log(`not spoken by Brokerlab, so no fixtures: ${[...skipped].join(', ')}`);

const commands: string[] = [];
for (const { exchange, offsets } of chosen) {
  const { apiKey, apiVersion } = exchange.header;
  commands.push(
    `parse ${apiKey} ${apiVersion} request ${exchange.request.subarray(offsets.request).toString('hex')}`,
  );
  const response = exchange.response ? exchange.response.subarray(offsets.response).toString('hex') : '';
  commands.push(`parse ${apiKey} ${apiVersion} response ${response}`);
}
const answers = (await askKafka(commands)).map(parseAnswer);

const dir = fixtureDir();
mkdirSync(dir, { recursive: true });
for (const file of readdirSync(dir)) rmSync(new URL(file, dir));
const numbers = new Map<string, number>();
chosen.forEach(({ exchange, client }, i) => {
  const { apiKey, apiVersion } = exchange.header;
  const name = apiName(apiKey);
  const n = (numbers.get(`${name}/${apiVersion}`) ?? 0) + 1;
  numbers.set(`${name}/${apiVersion}`, n);
  const base = fixtureName(name, apiVersion, n);
  const request = answers[2 * i]!;
  const response = exchange.response ? answers[2 * i + 1]! : undefined;
  if (!request.ok)
    throw new Error(`Kafka could not read a captured ${name} v${apiVersion} request: ${request.error}`);
  const hex = [
    `# ${name} v${apiVersion}: request from ${client}`,
    `# response from Apache Kafka ${kafkaVersion}; captured by capture-fixtures.ts through a recording proxy`,
    `request ${exchange.request.toString('hex')}`,
    ...(exchange.response ? [`response ${exchange.response.toString('hex')}`] : []),
  ];
  writeFileSync(new URL(`${base}.hex`, dir), hex.join('\n') + '\n');
  const json = [`{"request":${request.json},"requestCanonicalHex":"${request.hex}"`];
  if (response) {
    if (!response.ok)
      throw new Error(`Kafka could not read its own ${name} v${apiVersion} response: ${response.error}`);
    json.push(`,"response":${response.json},"responseCanonicalHex":"${response.hex}"`);
  }
  writeFileSync(new URL(`${base}.json`, dir), json.join('') + '}\n');
});
log(`wrote ${chosen.length} fixtures to ${dir.pathname}`);
