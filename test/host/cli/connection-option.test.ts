/**
 * `--connection NAME` on the client verbs: connections saved the way the console saves them (in a
 * settings folder found through XDG_CONFIG_HOME), used by topics, produce, consume, groups, export
 * and import; secrets from the 0600 file or from the variable named for the connection.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectionSettingsSchema,
  type ConnectionSettingsInput,
} from '../../../host/api/schemas/connections.js';
import { verbs } from '../../../host/cli/commands/index.js';
import { runCli } from '../../../host/cli/program.js';
import { SavedConnections } from '../../../host/connections/saved-connections.js';
import { ConnectionRegistry } from '../../../host/service/connections.js';
import { kafkaAvailable, kafkaSkipNote, useKafkaPeer } from '../kafka-peer.js';
import { testIo } from './cli-io.js';

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'brokerlab-cli-connection-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const settingsDir = () => join(home, 'brokerlab');

async function save(input: ConnectionSettingsInput): Promise<void> {
  const saved = await SavedConnections.open({
    dir: settingsDir(),
    registry: new ConnectionRegistry(),
    env: {},
  });
  await saved.add(connectionSettingsSchema.parse(input));
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string[]) {
  const io = testIo({ XDG_CONFIG_HOME: home, HOME: home, ...env });
  const code = await runCli(args, stdin ? { ...io, stdin: Readable.from(stdin) } : io, verbs);
  return { code, out: io.out(), err: io.err() };
}

describe('--connection without a cluster', () => {
  it('names the saved connections when the name is unknown', async () => {
    await save({ name: 'Somewhere', bootstrap: '127.0.0.1:1' });
    const result = await cli(['topics', 'list', '--connection', 'Elsewhere']);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `brokerlab: there is no saved connection "Elsewhere" in ${settingsDir()} (saved: "Somewhere")\n`,
    );
  });

  it('says where the password is not and which variable gives it', async () => {
    await save({
      name: 'Memory Only',
      bootstrap: '127.0.0.1:1',
      securityProtocol: 'SASL_PLAINTEXT',
      sasl: { username: 'u', password: 'kept-in-memory' },
    });
    const result = await cli(['groups', 'list', '--connection', 'memory only']);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      'brokerlab: connection "Memory Only" has no SASL password on disk (the console kept it in memory for one launch): ' +
        'enter it again in the console, or set BROKERLAB_MEMORY_ONLY_PASSWORD\n',
    );
  });
});

describe.skipIf(!kafkaAvailable)(`--connection against Apache Kafka with SASL${kafkaSkipNote}`, () => {
  const users = [{ username: 'alice', password: 'alice-secret' }];
  const peer = useKafkaPeer({
    nodes: 1,
    security: { sasl: { mechanisms: ['PLAIN', 'SCRAM-SHA-256'], users } },
  });

  beforeAll(async () => {
    await save({
      name: 'Peer File',
      bootstrap: peer().bootstrap,
      securityProtocol: 'SASL_PLAINTEXT',
      sasl: { mechanism: 'SCRAM-SHA-256', username: 'alice', password: 'alice-secret' },
      saveSecretsToFile: true,
    });
    await save({
      name: 'Peer Env',
      bootstrap: peer().bootstrap,
      securityProtocol: 'SASL_PLAINTEXT',
      sasl: { mechanism: 'PLAIN', username: 'alice', password: 'not-written-anywhere' },
    });
  });

  it('runs topics, produce, consume, groups, export and import with the secrets of the 0600 file', async () => {
    const on = ['--connection', 'Peer File'];
    expect(await cli(['topics', 'create', 'saved-conn', '--partitions', '2', ...on])).toMatchObject({
      code: 0,
    });
    expect((await cli(['topics', 'list', ...on])).out).toMatch(/^saved-conn\s+2\s/m);
    const produced = await cli(['produce', 'saved-conn', '--key', 'k', ...on], {}, [
      'one\n',
      'two\n',
      'three\n',
    ]);
    expect(produced).toMatchObject({ code: 0, err: '' });
    const consumed = await cli([
      'consume',
      'saved-conn',
      '--from-beginning',
      '--max',
      '3',
      '--group',
      'saved-g',
      ...on,
    ]);
    expect(consumed.code).toBe(0);
    expect(consumed.out.trim().split('\n').sort()).toEqual(['one', 'three', 'two']);
    expect((await cli(['groups', 'list', ...on])).out).toMatch(/^saved-g\s/m);
    const file = join(home, 'saved-conn.jsonl');
    expect(await cli(['export', 'saved-conn', '--out', file, ...on])).toMatchObject({ code: 0, err: '' });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
    await cli(['topics', 'create', 'saved-conn-copy', ...on]);
    const imported = await cli(['import', file, '--topic', 'saved-conn-copy', ...on]);
    expect(imported).toMatchObject({ code: 0, err: '' });
    expect(imported.out).toMatch(/^imported 3 records into saved-conn-copy/);
  });

  it('takes a password the console kept in memory from the variable named for the connection', async () => {
    const missing = await cli(['topics', 'list', '--connection', 'Peer Env']);
    expect(missing.err).toContain('set BROKERLAB_PEER_ENV_PASSWORD');
    const wrong = await cli(['topics', 'list', '--connection', 'Peer Env'], {
      BROKERLAB_PEER_ENV_PASSWORD: 'nope',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain(
      'authentication of user "alice" with PLAIN failed: wrong user name or password',
    );
    const right = await cli(['topics', 'list', '--connection', 'Peer Env'], {
      BROKERLAB_PEER_ENV_PASSWORD: 'alice-secret',
    });
    expect(right).toMatchObject({ code: 0, err: '' });
    expect(right.out).toMatch(/^saved-conn\s/m);
  });
});
