/**
 * Saved remote clusters: add, edit, test and remove them, and where their secrets are kept. After
 * each change the connection store reloads its list, so the switcher shows it at once.
 */
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type {
  Connection,
  ConnectionSettingsInput,
  ConnectionStorage,
  ConnectionTestReport,
  SavedConnection,
} from '../../host/api/schemas/connections.js';
import { useApi } from '../api/current.js';
import { useConnectionStore } from './connection.js';

export const useSavedConnectionsStore = defineStore('saved-connections', () => {
  const storage = shallowRef<ConnectionStorage | null>(null);
  const storageError = shallowRef<unknown>(null);

  async function loadStorage(): Promise<void> {
    try {
      storage.value = await useApi().connections.storage();
      storageError.value = null;
    } catch (e) {
      storageError.value = e;
    }
  }

  function get(id: string): Promise<SavedConnection> {
    return useApi().connections.get({ id });
  }

  async function add(settings: ConnectionSettingsInput): Promise<Connection> {
    const added = await useApi().connections.add(settings);
    await useConnectionStore().load();
    return added;
  }

  async function update(id: string, settings: ConnectionSettingsInput): Promise<Connection> {
    const updated = await useApi().connections.update({ id, settings });
    await useConnectionStore().load();
    return updated;
  }

  async function remove(id: string): Promise<void> {
    await useApi().connections.remove({ id });
    await useConnectionStore().load();
  }

  function test(settings: ConnectionSettingsInput, id?: string): Promise<ConnectionTestReport> {
    return useApi().connections.test(id === undefined ? { settings } : { id, settings });
  }

  function testSaved(id: string): Promise<ConnectionTestReport> {
    return useApi().connections.test({ id });
  }

  return { storage, storageError, loadStorage, get, add, update, remove, test, testSaved };
});
