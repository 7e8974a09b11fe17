/**
 * The console's operations against Brokerlab's own cluster with SASL on, as against any remote
 * cluster: the suite Apache Kafka passes (console-suite.ts), over SASL_PLAINTEXT with PLAIN and
 * with SCRAM-SHA-512, on a one-broker cluster; and a wrong password named as with Kafka.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenerFactory } from '../../../engine/broker/listener.js';
import { silentLogger } from '../../../engine/broker/logger.js';
import { startCluster, type Cluster } from '../../../engine/cluster/cluster.js';
import { open } from '../../../host/console/remote-connection.js';
import type { ClientProperties } from '../../../host/kafka-client/config.js';
import { consoleOperationsSuite } from './console-suite.js';

const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-console-sasl-'));
let cluster: Cluster;
let bootstrap = '';

beforeAll(async () => {
  cluster = await startCluster({
    brokers: 1,
    dataDir,
    listener: listenerFactory({ logger: silentLogger }),
    sasl: { users: [{ username: 'alice', password: 'alice-secret' }] },
  });
  bootstrap = `127.0.0.1:${cluster.brokers()[0]!.port}`;
});
afterAll(async () => {
  await cluster?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const sasl = (mechanism: string, password = 'alice-secret'): ClientProperties => ({
  'security.protocol': 'SASL_PLAINTEXT',
  'sasl.mechanism': mechanism,
  'sasl.username': 'alice',
  'sasl.password': password,
});

describe('console operations against Brokerlab with SASL', () => {
  for (const mechanism of ['PLAIN', 'SCRAM-SHA-512']) {
    describe(`over SASL_PLAINTEXT with ${mechanism}`, () =>
      consoleOperationsSuite(
        () => ({ bootstrap, properties: sasl(mechanism) }),
        `${mechanism.toLowerCase()}-`,
      ));
  }

  it('names a wrong password and a client without SASL', async () => {
    const failure = (properties: ClientProperties) =>
      open({ bootstrap, properties }).then(
        () => {
          throw new Error('expected a failure');
        },
        (error: Error) => error.message,
      );
    expect(await failure(sasl('SCRAM-SHA-256', 'wrong'))).toContain(
      'authentication of user "alice" with SCRAM-SHA-256 failed: wrong user name or password',
    );
    expect(await failure({})).toMatch(/closed the connection before answering its first request/);
  });
});
