import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../host/api/errors.js';
import {
  connectionSettingsSchema,
  type ConnectionSettingsInput,
} from '../../../host/api/schemas/connections.js';
import { SavedConnections } from '../../../host/connections/saved-connections.js';
import type { SecretCipher } from '../../../host/connections/secrets.js';
import { ConnectionRegistry } from '../../../host/service/connections.js';
import { TestCluster } from '../../engine/broker/test-cluster.js';
import { freePort } from '../../peers/ports.js';

const dirs: string[] = [];
function settingsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'brokerlab-settings-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A registry with an embedded entry first, as the console has (it never starts here). */
function registry(): ConnectionRegistry {
  const r = new ConnectionRegistry();
  r.add({
    id: 'embedded',
    name: 'Embedded cluster',
    kind: 'embedded',
    bootstrap: '127.0.0.1:1',
    capabilities: { faults: true, clusterEvents: true, brokerStates: true },
    start: async () => {
      throw new Error('not started in this test');
    },
  });
  return r;
}

const xor = (bytes: Buffer): Buffer => Buffer.from(bytes.map((b) => b ^ 0x5a));

/** A reversible stand-in for safeStorage that leaves no plain text (and says when it is used). */
function fakeCipher(available = true): SecretCipher & { used: number } {
  const cipher = {
    used: 0,
    isAvailable: () => available,
    encrypt: (plain: string) => {
      cipher.used++;
      return xor(Buffer.from(plain, 'utf8')).toString('base64');
    },
    decrypt: (data: string) => xor(Buffer.from(data, 'base64')).toString('utf8'),
  };
  return cipher;
}

const settings = (input: ConnectionSettingsInput) => connectionSettingsSchema.parse(input);
const scram = settings({
  name: 'Prod EU',
  bootstrap: 'kafka-1:9093,kafka-2:9093',
  securityProtocol: 'SASL_SSL',
  sasl: { mechanism: 'SCRAM-SHA-512', username: 'app', password: 'pa55-w0rd-plain' },
  tls: { ca: { kind: 'file', path: '/etc/ca.pem' }, verifyHostname: false },
});

async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<ApiError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected a failure');
}

describe('saved connections', () => {
  it('keeps secrets in memory for the launch by default, never in a file', async () => {
    const dir = settingsDir();
    const saved = await SavedConnections.open({ dir, registry: registry(), env: {} });
    expect(saved.storage().secrets).toBe('memory');
    const added = await saved.add(scram);
    expect(added).toMatchObject({
      id: 'prod-eu',
      name: 'Prod EU',
      kind: 'remote',
      status: 'stopped',
      active: false,
    });
    const file = readFileSync(join(dir, 'connections.json'), 'utf8');
    expect(file).not.toContain('pa55-w0rd-plain');
    expect(JSON.parse(file).connections[0]).toMatchObject({
      secrets: { mode: 'memory' },
      sasl: { username: 'app' },
    });
    expect(existsSync(join(dir, 'connection-secrets.json'))).toBe(false);
    expect(saved.get('prod-eu').secrets).toEqual({ mode: 'memory', missing: [] });

    // The next launch knows the connection but not its password.
    const next = await SavedConnections.open({ dir, registry: registry(), env: {} });
    expect(next.get('prod-eu')).toMatchObject({
      name: 'Prod EU',
      securityProtocol: 'SASL_SSL',
      tls: { ca: { kind: 'file', path: '/etc/ca.pem' }, verifyHostname: false },
      secrets: { mode: 'memory', missing: ['SASL password'] },
    });
  });

  it('writes opted-in secrets to a 0600 file the next launch reads', async () => {
    const dir = settingsDir();
    const saved = await SavedConnections.open({ dir, registry: registry(), env: {} });
    await saved.add({ ...scram, saveSecretsToFile: true });
    const secretsFile = join(dir, 'connection-secrets.json');
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(secretsFile, 'utf8')).secrets['prod-eu']).toEqual({
      password: 'pa55-w0rd-plain',
    });
    expect(readFileSync(join(dir, 'connections.json'), 'utf8')).not.toContain('pa55');

    const next = await SavedConnections.open({ dir, registry: registry(), env: {} });
    expect(next.get('prod-eu').secrets).toEqual({ mode: 'file', missing: [] });

    // Removing the connection removes its secrets too.
    await next.remove('prod-eu');
    expect(JSON.parse(readFileSync(secretsFile, 'utf8')).secrets).toEqual({});
    expect(JSON.parse(readFileSync(join(dir, 'connections.json'), 'utf8')).connections).toEqual([]);
  });

  it('refuses a secrets file other users can read, and says how to fix it', async () => {
    const dir = settingsDir();
    await (
      await SavedConnections.open({ dir, registry: registry(), env: {} })
    ).add({ ...scram, saveSecretsToFile: true });
    chmodSync(join(dir, 'connection-secrets.json'), 0o644);
    const next = await SavedConnections.open({ dir, registry: registry(), env: {} });
    expect(next.storage().problem).toMatch(/can be read by other users \(mode 644\): run chmod 600/);
    expect(next.get('prod-eu').secrets.missing).toEqual(['SASL password']);
  });

  it('encrypts secrets with the lent cipher where it is available, and decrypts them on the next launch', async () => {
    const dir = settingsDir();
    const cipher = fakeCipher();
    const saved = await SavedConnections.open({ dir, registry: registry(), cipher, env: {} });
    expect(saved.storage().secrets).toBe('encrypted');
    await saved.add({ ...scram, saveSecretsToFile: true });
    expect(cipher.used).toBeGreaterThan(0);
    const file = readFileSync(join(dir, 'connections.json'), 'utf8');
    expect(file).not.toContain('pa55-w0rd-plain');
    expect(JSON.parse(file).connections[0].secrets.mode).toBe('encrypted');
    expect(existsSync(join(dir, 'connection-secrets.json'))).toBe(false);

    const next = await SavedConnections.open({ dir, registry: registry(), cipher: fakeCipher(), env: {} });
    expect(next.get('prod-eu').secrets).toEqual({ mode: 'encrypted', missing: [] });
    // Without the key store (another session), the password is missing and the problem is named.
    const locked = await SavedConnections.open({
      dir,
      registry: registry(),
      cipher: fakeCipher(false),
      env: {},
    });
    expect(locked.get('prod-eu').secrets.missing).toEqual(['SASL password']);
    expect(locked.storage().problem).toContain('the secrets of "Prod EU" could not be decrypted');
  });

  it('keeps the saved password when an edit leaves it out, and restarts nothing that was not running', async () => {
    const dir = settingsDir();
    const cipher = fakeCipher();
    const saved = await SavedConnections.open({ dir, registry: registry(), cipher, env: {} });
    await saved.add(scram);
    const { password: _dropped, ...sasl } = scram.sasl!;
    const edited = await saved.update('prod-eu', { ...scram, name: 'Prod EU 2', sasl });
    expect(edited).toMatchObject({ id: 'prod-eu', name: 'Prod EU 2', status: 'stopped' });
    const next = await SavedConnections.open({ dir, registry: registry(), cipher: fakeCipher(), env: {} });
    expect(next.get('prod-eu')).toMatchObject({ name: 'Prod EU 2', secrets: { missing: [] } });
  });

  it('reports a bad file in words, loads nothing from it, and keeps it aside on the next save', async () => {
    const dir = settingsDir();
    writeFileSync(join(dir, 'connections.json'), '{"version": 1, "connections": [{"id": 3}]}');
    const r = registry();
    const saved = await SavedConnections.open({ dir, registry: r, env: {} });
    expect(saved.storage().problem).toMatch(
      /connections\.json is not a connections file \(connections\.0\.id: .*\)/,
    );
    expect(r.list().map((c) => c.id)).toEqual(['embedded']);
    await saved.add(scram);
    const aside = readdirSync(dir).find((name) => name.startsWith('connections.json.bad-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dir, aside!), 'utf8')).toContain('"id": 3');
    expect(saved.storage().problem).toContain(`kept as ${join(dir, aside!)}`);

    writeFileSync(join(dir, 'connections.json'), 'not json');
    expect((await SavedConnections.open({ dir, registry: registry(), env: {} })).storage().problem).toMatch(
      /connections\.json is not JSON/,
    );
  });

  it('keeps the embedded cluster first and refuses to remove it; names must be unique', async () => {
    const dir = settingsDir();
    const r = registry();
    const saved = await SavedConnections.open({ dir, registry: r, env: {} });
    await saved.add(settings({ name: 'A', bootstrap: 'a:1' }));
    expect(r.list().map((c) => c.id)).toEqual(['embedded', 'a']);
    expect((await rejection(saved.remove('embedded'))).code).toBe('CONFLICT');
    expect((await rejection(saved.add(settings({ name: 'a', bootstrap: 'b:1' })))).message).toContain(
      'a connection named "a" exists',
    );
    const missing = await rejection(
      saved.add(
        settings({
          name: 'B',
          bootstrap: 'b:1',
          securityProtocol: 'SASL_PLAINTEXT',
          sasl: { username: 'u' },
        }),
      ),
    );
    expect(missing.code).toBe('INVALID_INPUT');
    expect(missing.message).toContain('sasl.password: the SASL password is required');
  });

  it('a started connection without its secret fails naming the environment variable that can give it', async () => {
    const dir = settingsDir();
    await (await SavedConnections.open({ dir, registry: registry(), env: {} })).add(scram);
    const r = registry();
    await SavedConnections.open({ dir, registry: r, env: {} });
    r.select('prod-eu');
    const error = await rejection(() => r.backend());
    expect(error.message).toContain('has no SASL password for this launch');
    expect(error.message).toContain('BROKERLAB_PROD_EU_PASSWORD');
    await r.stopAll();
  });
});

describe('testing a connection', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await TestCluster.start({ brokers: 3 });
  });
  afterAll(async () => {
    await cluster.stop();
  });

  it('reports brokers, controller and the Kafka releases it speaks like', async () => {
    const saved = await SavedConnections.open({ dir: settingsDir(), registry: registry(), env: {} });
    const report = await saved.test({
      settings: settings({ name: 'Local', bootstrap: `127.0.0.1:${cluster.port(1)}` }),
    });
    expect(report.ok, report.summary).toBe(true);
    expect(report.brokers.map((b) => b.nodeId)).toEqual([1, 2, 3]);
    expect(report.controllerId).not.toBeNull();
    expect(report.kafkaVersions).toMatch(/^Apache Kafka \d/);
    expect(report.summary).toMatch(/^Connected: 3 brokers, controller \d, Apache Kafka/);
    expect(report.steps.every((s) => s.ok)).toBe(true);
  });

  it('says the cluster could not be reached, within 5 seconds', async () => {
    const saved = await SavedConnections.open({ dir: settingsDir(), registry: registry(), env: {} });
    const port = await freePort();
    const report = await saved.test({
      settings: settings({ name: 'Nowhere', bootstrap: `127.0.0.1:${port}` }),
    });
    expect(report.ok).toBe(false);
    expect(report.summary).toMatch(/^Could not reach the cluster: cannot connect to 127\.0\.0\.1:\d+/);
    expect(report.elapsedMs).toBeLessThan(5_500);
  });

  it('gives up within 5 seconds on a listener that never answers', async () => {
    // Accepts the connection and then says nothing, as a wrong port behind a proxy may.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const saved = await SavedConnections.open({ dir: settingsDir(), registry: registry(), env: {} });
      const report = await saved.test({
        settings: settings({ name: 'Silent', bootstrap: `127.0.0.1:${port}` }),
      });
      expect(report.ok).toBe(false);
      expect(report.summary).toMatch(/^Could not reach the cluster: .*within 5 s/);
      expect(report.elapsedMs).toBeLessThan(6_000);
    } finally {
      silent.close();
    }
  });

  it('names a CA file it cannot read', async () => {
    const saved = await SavedConnections.open({ dir: settingsDir(), registry: registry(), env: {} });
    const report = await saved.test({
      settings: settings({
        name: 'Tls',
        bootstrap: '127.0.0.1:1',
        securityProtocol: 'SSL',
        tls: { ca: { kind: 'file', path: '/nonexistent/ca.pem' } },
      }),
    });
    expect(report).toMatchObject({
      ok: false,
      summary: 'The settings cannot be used: cannot read the CA file /nonexistent/ca.pem: ENOENT.',
    });
  });

  it('names a missing password and the variable that could give it, before connecting', async () => {
    const saved = await SavedConnections.open({ dir: settingsDir(), registry: registry(), env: {} });
    const { password: _p, ...sasl } = scram.sasl!;
    const report = await saved.test({ settings: { ...scram, sasl } });
    expect(report.ok).toBe(false);
    expect(report.summary).toContain('has no SASL password given');
    expect(report.summary).toContain('BROKERLAB_PROD_EU_PASSWORD');
  });
});

describe('a save that fails', () => {
  it('changes nothing and says where it could not write', async () => {
    const dir = settingsDir();
    const saved = await SavedConnections.open({ dir, registry: registry(), env: {} });
    await saved.add(settings({ name: 'Kept', bootstrap: 'a:1' }));
    // A folder where the file should be: the rename over it fails (whoever runs the test, root too).
    rmSync(join(dir, 'connections.json'));
    mkdirSync(join(dir, 'connections.json', 'in-the-way'), { recursive: true });
    const error = await rejection(saved.add(settings({ name: 'Lost', bootstrap: 'b:1' })));
    expect(error.message).toContain(`the connections could not be saved in ${dir}`);
    expect(() => saved.get('lost')).toThrow('there is no saved connection lost');
    const renamed = await rejection(saved.update('kept', settings({ name: 'Renamed', bootstrap: 'a:1' })));
    expect(renamed.code).toBe('INTERNAL');
    expect(saved.get('kept').name).toBe('Kept');
  });
});
