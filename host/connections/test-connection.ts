/**
 * "Test" on the connections page: connects with the given settings as the console would and
 * reports, in plain words, what it reached — the cluster, its brokers and controller, the Kafka
 * releases its API versions fit, the authentication — or the first thing that failed, in the
 * client's own words (unreachable within 5 s, wrong credentials, unknown CA, wrong host name).
 */
import { ErrorCode, KafkaError } from '../../engine/protocol/errors.js';
import type { ConnectionTestReport } from '../api/schemas/connections.js';
import { KafkaClient } from '../kafka-client/client.js';
import { clientOptions, type ClientProperties } from '../kafka-client/config.js';
import { CLIENT_SOFTWARE_NAME, CLIENT_SOFTWARE_VERSION } from '../kafka-client/versions.js';
import { kafkaReleaseRange } from './kafka-releases.js';

/** Each step's budget: a test must answer within seconds, never hang. */
const TEST_TIMEOUT_MS = 5_000;

type Step = ConnectionTestReport['steps'][number];

export async function testConnection(
  bootstrap: string,
  properties: ClientProperties,
  env: NodeJS.ProcessEnv,
): Promise<ConnectionTestReport> {
  const started = Date.now();
  const steps: Step[] = [];
  const report = (
    ok: boolean,
    summary: string,
    more: Partial<ConnectionTestReport> = {},
  ): ConnectionTestReport => ({
    ok,
    summary,
    steps,
    clusterId: null,
    brokers: [],
    controllerId: null,
    kafkaVersions: null,
    ...more,
    elapsedMs: Date.now() - started,
  });

  let client: KafkaClient;
  try {
    const options = clientOptions(bootstrap, properties, env);
    client = new KafkaClient({
      ...options,
      clientId: options.clientId ?? 'brokerlab-connection-test',
      connectTimeoutMs: Math.min(options.connectTimeoutMs ?? TEST_TIMEOUT_MS, TEST_TIMEOUT_MS),
      requestTimeoutMs: TEST_TIMEOUT_MS,
    });
  } catch (error) {
    const text = `The settings cannot be used: ${(error as Error).message}.`;
    steps.push({ ok: false, text });
    return report(false, text);
  }

  try {
    const metadata = await client.metadata({ topics: [], refresh: true });
    steps.push({
      ok: true,
      text: `Reached the cluster at ${bootstrap}${metadata.clusterId ? ` (cluster id ${metadata.clusterId})` : ''}.`,
    });
    const sasl = properties['sasl.username'];
    if (sasl !== undefined)
      steps.push({
        ok: true,
        text: `Signed in as "${sasl}" with ${properties['sasl.mechanism'] ?? 'PLAIN'}.`,
      });
    const protocol = properties['security.protocol'] ?? 'PLAINTEXT';
    if (protocol.endsWith('SSL')) steps.push({ ok: true, text: tlsWords(properties) });
    const brokers = metadata.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port }));
    const controller = metadata.controllerId >= 0 ? metadata.controllerId : null;
    steps.push({
      ok: true,
      text:
        `Found ${brokers.length} broker${brokers.length === 1 ? '' : 's'}: ` +
        brokers.map((b) => `${b.nodeId} (${b.host}:${b.port})`).join(', ') +
        (controller === null ? '; no controller is reported.' : `; the controller is broker ${controller}.`),
    });
    const versions = await client.request(
      'ApiVersions',
      { clientSoftwareName: CLIENT_SOFTWARE_NAME, clientSoftwareVersion: CLIENT_SOFTWARE_VERSION },
      'any',
    );
    const kafkaVersions = kafkaReleaseRange(versions.apiKeys);
    const fetchTop = versions.apiKeys.find((r) => r.apiKey === 1)?.maxVersion;
    steps.push({
      ok: true,
      text: kafkaVersions
        ? `Speaks the protocol of ${kafkaVersions} (${versions.apiKeys.length} APIs, Fetch up to v${fetchTop}).`
        : `Speaks ${versions.apiKeys.length} Kafka APIs (no Fetch: not a Kafka broker?).`,
    });
    const summary =
      `Connected: ${brokers.length} broker${brokers.length === 1 ? '' : 's'}` +
      (controller === null ? '' : `, controller ${controller}`) +
      (kafkaVersions ? `, ${kafkaVersions}` : '') +
      (sasl !== undefined ? `, signed in as "${sasl}"` : '') +
      '.';
    return report(true, summary, {
      clusterId: metadata.clusterId,
      brokers,
      controllerId: controller,
      kafkaVersions,
    });
  } catch (error) {
    const text = failureWords(error);
    steps.push({ ok: false, text });
    return report(false, text);
  } finally {
    await client.close();
  }
}

function tlsWords(properties: ClientProperties): string {
  const ca =
    properties['ssl.truststore.certificates'] ||
    properties['ssl.ca.location'] ||
    properties['ssl.truststore.location']
      ? 'the given CA'
      : "the system's CAs";
  const hostCheck =
    properties['ssl.endpoint.identification.algorithm'] === ''
      ? 'host name not checked'
      : 'host name checked';
  const client = properties['ssl.keystore.certificate.chain'] || properties['ssl.certificate.location'];
  return `TLS: the broker's certificate is trusted by ${ca} (${hostCheck})${client ? '; the client certificate was accepted' : ''}.`;
}

/** The first failure, named by kind, in the client's own words. */
function failureWords(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof KafkaError && error.code === ErrorCode.SASL_AUTHENTICATION_FAILED)
    return `Authentication failed: ${message}.`;
  if (error instanceof KafkaError && error.code === ErrorCode.UNSUPPORTED_SASL_MECHANISM)
    return `Authentication failed: ${message}.`;
  if (/\bTLS\b/.test(message)) return `TLS failed: ${message}.`;
  if (error instanceof KafkaError) return `The cluster refused: ${message}.`;
  return `Could not reach the cluster: ${message}.`;
}
