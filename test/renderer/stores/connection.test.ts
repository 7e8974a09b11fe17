import { beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../../host/api/index.js';
import { installApi } from '../../../renderer/api/current.js';
import { useConnectionStore } from '../../../renderer/stores/connection.js';
import { fakeApi, type FakeApi } from '../fake-api.js';
import { freshPinia } from '../pinia.js';

let fake: FakeApi;
const embedded: Connection = {
  id: 'embedded',
  name: 'Embedded cluster',
  kind: 'embedded',
  bootstrap: '127.0.0.1:9092,127.0.0.1:9093',
  status: 'starting',
  error: null,
  active: true,
  capabilities: { faults: true, clusterEvents: true, brokerStates: true },
};

beforeEach(() => {
  freshPinia();
  fake = fakeApi();
  installApi(fake.api);
  fake.answer('connections.list', () => [embedded]);
});

describe('the connection store', () => {
  it('knows the active connection, its bootstrap and its capabilities', async () => {
    const connection = useConnectionStore();
    expect(connection.capabilities.faults).toBe(false);
    await connection.start();
    expect(connection.bootstrap).toBe('127.0.0.1:9092,127.0.0.1:9093');
    expect(connection.capabilities.faults).toBe(true);
    expect(connection.ready).toBe(false);
  });

  it('follows the status of the active connection', async () => {
    const connection = useConnectionStore();
    await connection.start();
    fake.emit('connections.changes', { ...embedded, status: 'ready' });
    expect(connection.ready).toBe(true);
    expect(connection.connections).toHaveLength(1);
  });
});
