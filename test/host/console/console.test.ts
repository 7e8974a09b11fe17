/**
 * The console's operations against Apache Kafka over every security mode it offers, with one
 * peer for the whole file: CLIENT (PLAINTEXT) plus listeners for SASL (PLAIN, SCRAM-SHA-256,
 * SCRAM-SHA-512), TLS, SASL over TLS, and TLS with a certificate for another host. The same suite
 * (console-suite.ts) runs once per mode; then each way a connection can fail is named in words.
 */
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { open } from '../../../host/console/remote-connection.js';
import type { ClientProperties } from '../../../host/kafka-client/config.js';
import { freePorts } from '../../peers/ports.js';
import { kafkaAvailable, kafkaSkipNote, useKafkaPeer } from '../kafka-peer.js';
import { consoleOperationsSuite, type ConsoleTarget } from './console-suite.js';

const alice = { username: 'alice', password: 'alice-secret' };
const jaas = (mechanism: string, password: string) =>
  `org.apache.kafka.common.security.${mechanism === 'PLAIN' ? 'plain.PlainLoginModule' : 'scram.ScramLoginModule'} required username="alice" password="${password}";`;

/** Client properties for SASL with `mechanism` as alice. */
function sasl(mechanism: string, password = alice.password, protocol = 'SASL_PLAINTEXT'): ClientProperties {
  return {
    'security.protocol': protocol,
    'sasl.mechanism': mechanism,
    'sasl.jaas.config': jaas(mechanism, password),
  };
}

/** The reason `open` refused to connect, and how long it took. */
async function refusal(
  bootstrap: string,
  properties: ClientProperties,
): Promise<{ message: string; ms: number }> {
  const started = Date.now();
  const outcome = await open({ bootstrap, properties }).then(
    async (connection) => {
      await connection.close();
      throw new Error('expected the connection to fail');
    },
    (error: unknown) => error as Error,
  );
  return { message: outcome.message, ms: Date.now() - started };
}

describe.skipIf(!kafkaAvailable)(`console operations against Apache Kafka${kafkaSkipNote}`, () => {
  const peer = useKafkaPeer({
    nodes: 1,
    listeners: {
      SASL: { sasl: { mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'], users: [alice] } },
      TLS: { tls: true },
      SASLTLS: { sasl: { mechanisms: ['SCRAM-SHA-512'], users: [alice] }, tls: true },
      TLSOTHER: { tls: true, certificateHost: 'other.example' },
    },
  });
  const listener = (name: string) => peer().listeners[name]!.bootstrap;
  const trust = (): ClientProperties => ({
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': peer().tls!.caPem,
  });

  const modes: [string, () => ConsoleTarget][] = [
    ['PLAINTEXT', () => ({ bootstrap: peer().bootstrap, properties: {} })],
    ['SASL_PLAINTEXT with PLAIN', () => ({ bootstrap: listener('SASL'), properties: sasl('PLAIN') })],
    [
      'SASL_PLAINTEXT with SCRAM-SHA-256',
      () => ({ bootstrap: listener('SASL'), properties: sasl('SCRAM-SHA-256') }),
    ],
    [
      'SASL_PLAINTEXT with SCRAM-SHA-512',
      () => ({ bootstrap: listener('SASL'), properties: sasl('SCRAM-SHA-512') }),
    ],
    ['SSL', () => ({ bootstrap: listener('TLS'), properties: { 'security.protocol': 'SSL', ...trust() } })],
    [
      'SASL_SSL with SCRAM-SHA-512',
      () => ({
        bootstrap: listener('SASLTLS'),
        properties: { ...sasl('SCRAM-SHA-512', alice.password, 'SASL_SSL'), ...trust() },
      }),
    ],
  ];
  modes.forEach(([mode, target], i) => {
    describe(`over ${mode}`, () => consoleOperationsSuite(target, `m${i}-`));
  });

  describe('refusals, each in plain words', () => {
    it('names a wrong password, for PLAIN and for SCRAM', async () => {
      for (const mechanism of ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']) {
        const { message } = await refusal(listener('SASL'), sasl(mechanism, 'wrong'));
        expect(message).toContain(
          `authentication of user "alice" with ${mechanism} failed: wrong user name or password`,
        );
      }
    });

    it('names a mechanism the listener does not enable, and a listener without SASL', async () => {
      const unsupported = await refusal(listener('SASLTLS'), {
        ...sasl('PLAIN', alice.password, 'SASL_SSL'),
        ...trust(),
      });
      expect(unsupported.message).toMatch(
        /does not accept SASL mechanism PLAIN \(it offers: SCRAM-SHA-512\)/,
      );
      const plaintext = await refusal(peer().bootstrap, sasl('PLAIN'));
      expect(plaintext.message).toMatch(
        /refused the SASL handshake: ILLEGAL_SASL_STATE \(is the listener without SASL\?\)/,
      );
    });

    it('names a certificate signed by an unknown CA', async () => {
      const { message } = await refusal(listener('TLS'), { 'security.protocol': 'SSL' });
      expect(message).toContain("TLS: the broker's certificate is not signed by a trusted CA");
    });

    it('names a certificate for another host', async () => {
      const { message } = await refusal(listener('TLSOTHER'), { 'security.protocol': 'SSL', ...trust() });
      expect(message).toContain(`TLS: the broker's certificate is not valid for the host name "127.0.0.1"`);
      // Without the host name check (ssl.endpoint.identification.algorithm empty) it connects.
      const connection = await open({
        bootstrap: listener('TLSOTHER'),
        properties: { 'security.protocol': 'SSL', 'ssl.endpoint.identification.algorithm': '', ...trust() },
      });
      await connection.close();
    });

    it('fails on an unreachable bootstrap within 5 seconds', async () => {
      const [closedPort] = await freePorts(1);
      // A port nobody listens on, and an address from TEST-NET-1 (RFC 5737) that routes nowhere.
      for (const bootstrap of [`127.0.0.1:${closedPort}`, '192.0.2.1:9092']) {
        const { message, ms } = await refusal(bootstrap, {});
        expect(message).toMatch(/connection refused|did not answer|timed out|unreachable/);
        expect(ms).toBeLessThan(5_500);
      }
      // A listener that accepts and never answers: the 5 s connection budget ends the wait.
      const silent = createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = silent.address() as AddressInfo;
        const { message, ms } = await refusal(`127.0.0.1:${port}`, {});
        expect(message).toMatch(/^cannot connect to 127\.0\.0\.1:\d+: no (answer|handshake) within 5 s$/);
        expect(ms).toBeLessThan(5_500);
      } finally {
        silent.close();
      }
    }, 20_000);
  });
});
