import { beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../../host/api/index.js';
import { installApi } from '../../../renderer/api/current.js';
import { useConnectionStore } from '../../../renderer/stores/connection.js';
import { useSavedConnectionsStore } from '../../../renderer/stores/saved-connections.js';
import { fakeApi, type FakeApi } from '../fake-api.js';
import { freshPinia } from '../pinia.js';

let fake: FakeApi;
const embedded: Connection = {
  id: 'embedded',
  name: 'Embedded cluster',
  kind: 'embedded',
  bootstrap: '127.0.0.1:9092',
  status: 'ready',
  error: null,
  active: true,
  capabilities: { faults: true, clusterEvents: true, brokerStates: true },
};
const prod: Connection = {
  ...embedded,
  id: 'prod',
  name: 'Prod',
  kind: 'remote',
  bootstrap: 'kafka:9092',
  status: 'stopped',
  active: false,
  capabilities: { faults: false, clusterEvents: false, brokerStates: false },
};

beforeEach(() => {
  freshPinia();
  fake = fakeApi();
  installApi(fake.api);
});

describe('the saved connections store', () => {
  it('adds, edits and removes through the API and refreshes the switcher’s list each time', async () => {
    let list = [embedded];
    fake.answer('connections.list', () => list);
    fake.answer('connections.add', () => ((list = [embedded, prod]), prod));
    fake.answer('connections.update', () => ((list = [embedded, { ...prod, name: 'Prod 2' }]), list[1]!));
    fake.answer('connections.remove', ({ id }) => ((list = [embedded]), { id }));
    const saved = useSavedConnectionsStore();
    const connection = useConnectionStore();

    await saved.add({ name: 'Prod', bootstrap: 'kafka:9092' });
    expect(connection.connections.map((c) => c.id)).toEqual(['embedded', 'prod']);
    await saved.update('prod', { name: 'Prod 2', bootstrap: 'kafka:9092' });
    expect(connection.connections[1]?.name).toBe('Prod 2');
    await saved.remove('prod');
    expect(connection.connections.map((c) => c.id)).toEqual(['embedded']);
    expect(fake.callsOf('connections.update')).toEqual([
      { id: 'prod', settings: { name: 'Prod 2', bootstrap: 'kafka:9092' } },
    ]);
  });

  it('tests new settings, an edit of a saved connection, or a saved one as it is', async () => {
    const report = {
      ok: false,
      summary: 'Could not reach the cluster: cannot connect to kafka:9092: connection refused.',
      steps: [
        { ok: false, text: 'Could not reach the cluster: cannot connect to kafka:9092: connection refused.' },
      ],
      clusterId: null,
      brokers: [],
      controllerId: null,
      kafkaVersions: null,
      elapsedMs: 3,
    };
    fake.answer('connections.test', () => report);
    const saved = useSavedConnectionsStore();
    const settings = { name: 'Prod', bootstrap: 'kafka:9092' };
    await expect(saved.test(settings)).resolves.toEqual(report);
    await saved.test(settings, 'prod');
    await saved.testSaved('prod');
    expect(fake.callsOf('connections.test')).toEqual([
      { settings },
      { id: 'prod', settings },
      { id: 'prod' },
    ]);
  });

  it('knows where secrets are kept', async () => {
    fake.answer('connections.storage', () => ({
      settingsFile: '/home/u/.config/brokerlab/connections.json',
      secrets: 'memory',
      secretsFile: '/home/u/.config/brokerlab/connection-secrets.json',
      problem: null,
    }));
    const saved = useSavedConnectionsStore();
    await saved.loadStorage();
    expect(saved.storage?.secrets).toBe('memory');
  });
});
