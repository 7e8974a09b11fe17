/**
 * The connections page's "Test" against Apache Kafka with SASL_SSL (SCRAM-SHA-512 over TLS): what
 * a good connection reaches, and the plain words for a wrong password, an unknown CA and a host
 * name the certificate does not name.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  connectionSettingsSchema,
  type ConnectionSettingsInput,
} from '../../../host/api/schemas/connections.js';
import { SavedConnections } from '../../../host/connections/saved-connections.js';
import { ConnectionRegistry } from '../../../host/service/connections.js';
import { kafkaAvailable, kafkaSkipNote, useKafkaPeer } from '../kafka-peer.js';

const dir = mkdtempSync(join(tmpdir(), 'brokerlab-test-connection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!kafkaAvailable)(`testing a connection to Apache Kafka over SASL_SSL${kafkaSkipNote}`, () => {
  const users = [{ username: 'carol', password: 'carol-secret' }];
  const peer = useKafkaPeer({
    nodes: 1,
    security: { sasl: { mechanisms: ['SCRAM-SHA-512'], users }, tls: true },
  });

  const test = async (change: Partial<ConnectionSettingsInput> = {}) => {
    const saved = await SavedConnections.open({ dir, registry: new ConnectionRegistry(), env: {} });
    const ca = readFileSync(peer().tls!.caPem, 'utf8');
    return saved.test({
      settings: connectionSettingsSchema.parse({
        name: 'Peer',
        bootstrap: peer().bootstrap,
        securityProtocol: 'SASL_SSL',
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'carol', password: 'carol-secret' },
        tls: { ca: { kind: 'pem', pem: ca } },
        ...change,
      }),
    });
  };

  it('reports the broker, the controller, the Kafka release and the sign-in', async () => {
    const report = await test();
    expect(report.ok, report.summary).toBe(true);
    expect(report.brokers).toHaveLength(1);
    expect(report.controllerId).toBe(report.brokers[0]!.nodeId);
    expect(report.kafkaVersions).toBe('Apache Kafka 4.0 or newer');
    expect(report.steps.map((s) => s.text)).toEqual([
      expect.stringMatching(/^Reached the cluster at 127\.0\.0\.1:\d+ \(cluster id .+\)\.$/),
      'Signed in as "carol" with SCRAM-SHA-512.',
      "TLS: the broker's certificate is trusted by the given CA (host name checked).",
      expect.stringMatching(/^Found 1 broker: \d+ \(127\.0\.0\.1:\d+\); the controller is broker \d+\.$/),
      expect.stringMatching(
        /^Speaks the protocol of Apache Kafka 4\.0 or newer \(\d+ APIs, Fetch up to v\d+\)\.$/,
      ),
    ]);
  });

  it('names a wrong password', async () => {
    const report = await test({ sasl: { mechanism: 'SCRAM-SHA-512', username: 'carol', password: 'wrong' } });
    expect(report.ok).toBe(false);
    expect(report.summary).toMatch(/^Authentication failed: .*SCRAM-SHA-512.*/);
  });

  it('names an unknown CA', async () => {
    const report = await test({ tls: undefined });
    expect(report.ok).toBe(false);
    expect(report.summary).toMatch(/^TLS failed: .*not signed by a trusted CA/);
  });

  it('names a host name the certificate does not cover, and passes with the check off', async () => {
    const port = peer().bootstrap.split(':')[1]!;
    const ca = { kind: 'pem' as const, pem: readFileSync(peer().tls!.caPem, 'utf8') };
    // ::ffff:127.0.0.1 reaches the same listener but is not among the certificate's names.
    const wrong = await test({ bootstrap: `[::ffff:127.0.0.1]:${port}`, tls: { ca } });
    expect(wrong.ok).toBe(false);
    expect(wrong.summary).toMatch(/^TLS failed: .*not valid for the host name/);
    const unchecked = await test({
      bootstrap: `[::ffff:127.0.0.1]:${port}`,
      tls: { ca, verifyHostname: false },
    });
    expect(unchecked.steps[0]!.ok, unchecked.summary).toBe(true);
  });
});
