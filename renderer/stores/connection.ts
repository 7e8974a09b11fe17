/**
 * Connections: the embedded cluster first, later remote clusters. Keeps the list, the active one
 * and its capabilities (which local-only features it has), and follows changes of the active
 * connection's status as the host reports them.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Connection } from '../../host/api/schemas/connections.js';
import type { Unsubscribe } from '../../host/api/types.js';
import { useApi } from '../api/current.js';

export const useConnectionStore = defineStore('connection', () => {
  const connections = shallowRef<Connection[]>([]);
  const active = shallowRef<Connection | null>(null);
  const error = shallowRef<unknown>(null);
  const loading = ref(false);
  let unsubscribe: Unsubscribe | undefined;

  const capabilities = computed(
    () => active.value?.capabilities ?? { faults: false, clusterEvents: false, brokerStates: false },
  );
  const bootstrap = computed(() => active.value?.bootstrap ?? null);
  const ready = computed(() => active.value?.status === 'ready');

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const list = await useApi().connections.list();
      connections.value = list;
      active.value = list.find((c) => c.active) ?? null;
      error.value = null;
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  /** Loads the list and follows the active connection from now on. */
  async function start(): Promise<void> {
    if (!unsubscribe) {
      unsubscribe = useApi().connections.onChanges(
        {},
        (connection) => {
          active.value = connection;
          const others = connections.value
            .filter((c) => c.id !== connection.id)
            .map((c) => ({ ...c, active: false }));
          const at = connections.value.findIndex((c) => c.id === connection.id);
          others.splice(at < 0 ? others.length : at, 0, connection);
          connections.value = others;
        },
        (e) => {
          error.value = e;
          unsubscribe = undefined;
        },
      );
    }
    await load();
  }

  async function select(id: string): Promise<void> {
    const chosen = await useApi().connections.select({ id });
    active.value = chosen;
    connections.value = connections.value.map((c) => ({ ...c, active: c.id === chosen.id }));
  }

  return { connections, active, capabilities, bootstrap, ready, error, loading, start, load, select };
});
