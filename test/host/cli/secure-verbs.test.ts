/**
 * The client verbs (topics, produce, consume, groups, export, import) against Apache Kafka with
 * SASL and TLS, configured as Kafka's own tools are: `--config` client properties, a
 * `--client-config` Java properties file, and the password from an environment variable
 * (`${env:NAME}`) so it is on no command line and in no file. One peer serves SASL_SSL
 * (SCRAM-SHA-512) on CLIENT, SASL_PLAINTEXT (PLAIN, SCRAM-SHA-256) and SSL on extra listeners.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { verbs } from '../../../host/cli/commands/index.js';
import { runCli } from '../../../host/cli/program.js';
import { kafkaAvailable, kafkaSkipNote, useKafkaPeer } from '../kafka-peer.js';
import { testIo } from './cli-io.js';

const alice = { username: 'alice', password: 'alice-secret' };
const env = { KAFKA_PASSWORD: alice.password };
const dir = mkdtempSync(join(tmpdir(), 'brokerlab-secure-verbs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!kafkaAvailable)(
  `client verbs against Apache Kafka with SASL and TLS${kafkaSkipNote}`,
  () => {
    const peer = useKafkaPeer({
      nodes: 1,
      security: { sasl: { mechanisms: ['SCRAM-SHA-512'], users: [alice] }, tls: true },
      listeners: {
        SASL: { sasl: { mechanisms: ['PLAIN', 'SCRAM-SHA-256'], users: [alice] } },
        TLS: { tls: true },
      },
    });

    /** Runs a verb in-process with `connection` (the bootstrap and its client options) appended. */
    const cli = async (args: string[], connection: string[], stdin?: string) => {
      const io = testIo(env);
      const withInput = stdin === undefined ? io : { ...io, stdin: Readable.from([stdin]) };
      const code = await runCli([...args, ...connection], withInput, verbs);
      return { code, out: io.out(), err: io.err() };
    };

    /** Every verb once over one connection: a topic made, written, read, read as a group, exported, imported. */
    async function everyVerb(connection: string[], name: string): Promise<void> {
      expect(await cli(['topics', 'create', name, '--partitions', '2'], connection)).toMatchObject({
        code: 0,
        out: `created topic ${name} (2 partitions, replication factor 1)\n`,
      });
      const listed = JSON.parse((await cli(['topics', 'list', '--json'], connection)).out) as {
        name: string;
      }[];
      expect(listed.map((t) => t.name)).toContain(name);
      expect((await cli(['topics', 'describe', name], connection)).code).toBe(0);

      const produced = await cli(
        ['produce', name, '--key-separator', ':'],
        connection,
        'a:one\nb:two\nc:three\n',
      );
      expect(produced).toMatchObject({ code: 0, out: `produced 3 records to ${name}\n` });
      const read = await cli(['consume', name, '--from-beginning', '--max', '3'], connection);
      expect(read.out.trim().split('\n').sort()).toEqual(['one', 'three', 'two']);

      const grouped = await cli(
        ['consume', name, '--group', `${name}-group`, '--from-beginning', '--max', '3'],
        connection,
      );
      expect(grouped.code).toBe(0);
      const offsets = JSON.parse(
        (await cli(['groups', 'describe', `${name}-group`, '--json'], connection)).out,
      ) as {
        committedOffset: number | null;
      }[];
      expect(offsets.reduce((n, o) => n + (o.committedOffset ?? 0), 0)).toBe(3);
      expect((await cli(['groups', 'list'], connection)).out).toMatch(
        new RegExp(`^${name}-group\\s+Empty`, 'm'),
      );

      const file = join(dir, `${name}.jsonl`);
      const exported = await cli(['export', name, '--out', file], connection);
      expect(exported.out).toMatch(new RegExp(`^exported 3 records of ${name}`));
      expect((await cli(['topics', 'create', `${name}-copy`, '--partitions', '2'], connection)).code).toBe(0);
      const imported = await cli(
        ['import', file, '--topic', `${name}-copy`, '--keep-partitions'],
        connection,
      );
      expect(imported.code, imported.err).toBe(0);
      const copied = await cli(['consume', `${name}-copy`, '--from-beginning', '--max', '3'], connection);
      expect(copied.out.trim().split('\n').sort()).toEqual(['one', 'three', 'two']);

      expect((await cli(['groups', 'delete', `${name}-group`], connection)).code).toBe(0);
      for (const topic of [name, `${name}-copy`]) {
        expect((await cli(['topics', 'delete', topic], connection)).code).toBe(0);
      }
    }

    it('SASL_SSL with SCRAM-SHA-512 from --client-config, the password from ${env:KAFKA_PASSWORD}', async () => {
      const file = join(dir, 'client.properties');
      writeFileSync(
        file,
        [
          '# as for kafka-topics.sh --command-config',
          'security.protocol=SASL_SSL',
          'sasl.mechanism=SCRAM-SHA-512',
          'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\',
          '    username="alice" password="${env:KAFKA_PASSWORD}";',
          'ssl.truststore.type=PEM',
          `ssl.truststore.location=${peer().tls!.caPem}`,
        ].join('\n'),
      );
      await everyVerb(['--bootstrap', peer().bootstrap, '--client-config', file], 'scram512');
    }, 60_000);

    it('SASL_PLAINTEXT with PLAIN and with SCRAM-SHA-256 from --config pairs', async () => {
      for (const mechanism of ['PLAIN', 'SCRAM-SHA-256']) {
        await everyVerb(
          [
            '--bootstrap',
            peer().listeners['SASL']!.bootstrap,
            '--config',
            'security.protocol=SASL_PLAINTEXT',
            '--config',
            `sasl.mechanism=${mechanism}`,
            '--config',
            'sasl.username=alice',
            '--config',
            'sasl.password=${env:KAFKA_PASSWORD}',
          ],
          mechanism.toLowerCase().replace(/-/g, ''),
        );
      }
    }, 90_000);

    it('SSL with the CA from --config', async () => {
      await everyVerb(
        [
          '--bootstrap',
          peer().listeners['TLS']!.bootstrap,
          '--config',
          'security.protocol=SSL',
          '--config',
          `ssl.ca.location=${peer().tls!.caPem}`,
        ],
        'tls',
      );
    }, 60_000);

    it('says what is wrong in one line: a wrong password, an unset variable, an unknown CA', async () => {
      const sasl = [
        '--bootstrap',
        peer().listeners['SASL']!.bootstrap,
        '--config',
        'security.protocol=SASL_PLAINTEXT',
        '--config',
        'sasl.mechanism=SCRAM-SHA-256',
        '--config',
        'sasl.username=alice',
      ];
      const wrong = await cli(['topics', 'list'], [...sasl, '--config', 'sasl.password=wrong']);
      expect(wrong.code).toBe(1);
      expect(wrong.err).toMatch(
        /^brokerlab: .*authentication of user "alice" with SCRAM-SHA-256 failed: wrong user name or password/,
      );
      expect(wrong.err.trim().split('\n')).toHaveLength(1);

      const unset = await cli(
        ['topics', 'list'],
        [...sasl, '--config', 'sasl.password=${env:NO_SUCH_VARIABLE}'],
      );
      expect(unset).toMatchObject({
        code: 2,
        err: 'brokerlab: environment variable NO_SUCH_VARIABLE is not set\n',
      });

      const untrusted = await cli(
        ['topics', 'list'],
        ['--bootstrap', peer().listeners['TLS']!.bootstrap, '--config', 'security.protocol=SSL'],
      );
      expect(untrusted.code).toBe(1);
      expect(untrusted.err).toMatch(/TLS: the broker's certificate is not signed by a trusted CA/);
    });
  },
);
