/**
 * connections.add/get/update/test/remove/storage through the console's API, with the remote
 * connection started the way the console starts it (the wire client in a worker thread) against
 * Brokerlab's own cluster; the embedded connection is the in-process fake.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createConsoleApi, type Connection, type ConsoleApi } from '../../../host/api/index.js';
import type { ConsoleService } from '../../../host/service/console-service.js';
import { TestCluster } from '../../engine/broker/test-cluster.js';
import { fakeService } from '../fixtures/fake-service.js';

let cluster: TestCluster;
let service: ConsoleService;
let api: ConsoleApi;
let dir: string;

beforeAll(async () => {
  cluster = await TestCluster.start({ brokers: 1 });
  await cluster.createTopic('remote-only', 2, 1);
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-saved-service-'));
  service = fakeService();
  await service.useSavedConnections({ dir, env: {} });
  api = createConsoleApi(service.transport());
});
afterAll(async () => {
  await service.close();
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves with the next connections.changes event that matches. */
function change(match: (c: Connection) => boolean): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const stop = api.connections.onChanges(
      {},
      (c) => {
        if (!match(c)) return;
        stop();
        resolve(c);
      },
      reject,
    );
  });
}

describe('saved connections through the API', () => {
  it('adds, tests, switches to, edits and removes a remote cluster; the embedded one stays first', async () => {
    expect(await api.connections.storage()).toEqual({
      settingsFile: join(dir, 'connections.json'),
      secrets: 'memory',
      secretsFile: join(dir, 'connection-secrets.json'),
      problem: null,
    });
    const bootstrap = `127.0.0.1:${cluster.port(1)}`;
    const added = await api.connections.add({ name: 'Staging', bootstrap, clientId: 'console-test' });
    expect(added).toMatchObject({ id: 'staging', kind: 'remote', status: 'stopped', active: false });
    expect((await api.connections.list()).map((c) => c.id)).toEqual(['embedded', 'staging']);
    expect(await api.connections.get({ id: 'staging' })).toMatchObject({
      bootstrap,
      securityProtocol: 'PLAINTEXT',
      clientId: 'console-test',
      secrets: { mode: 'memory', missing: [] },
    });
    const report = await api.connections.test({ id: 'staging' });
    expect(report).toMatchObject({ ok: true, brokers: [{ nodeId: 1 }], controllerId: 1 });

    const ready = change((c) => c.id === 'staging' && c.status === 'ready');
    await api.connections.select({ id: 'staging' });
    await ready;
    expect((await api.topics.list({})).map((t) => t.name)).toContain('remote-only');
    expect(await api.connections.capabilities()).toEqual({
      faults: false,
      clusterEvents: false,
      brokerStates: false,
    });
    await expect(api.faults.list()).rejects.toMatchObject({ code: 'LOCAL_ONLY' });

    // An edit of the active connection restarts it with the new settings.
    const restarted = change((c) => c.id === 'staging' && c.name === 'Staging EU' && c.status === 'ready');
    await api.connections.update({ id: 'staging', settings: { name: 'Staging EU', bootstrap } });
    await restarted;
    expect((await api.topics.list({})).map((t) => t.name)).toContain('remote-only');

    // Removing the active connection goes back to the embedded cluster.
    const back = change((c) => c.id === 'embedded');
    await api.connections.remove({ id: 'staging' });
    expect(await back).toMatchObject({ id: 'embedded', active: true });
    expect((await api.connections.list()).map((c) => c.id)).toEqual(['embedded']);
    await expect(api.connections.remove({ id: 'embedded' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses bad settings naming the field, and an unknown id', async () => {
    const error = await api.connections
      .add({ name: 'Bad', bootstrap: 'no-port', securityProtocol: 'SASL_SSL' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('INVALID_INPUT');
    expect((error as ApiError).message).toContain('bootstrap: bootstrap servers are host:port entries');
    expect((error as ApiError).message).toContain('sasl: SASL_SSL needs a SASL user name and password');
    await expect(api.connections.get({ id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
