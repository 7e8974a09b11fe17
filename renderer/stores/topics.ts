/**
 * Topics: the list (sizes, counts, retention), one topic's description (partitions with offsets,
 * configs with their sources), Kafka's config definitions for the forms, and the changes a user
 * makes (create, edit configs, add partitions, delete, delete records). Every change refreshes
 * what it touched.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { TopicDescription, TopicSummary } from '../../host/api/schemas/topics.js';
import type { MethodInput, MethodOutput } from '../../host/api/types.js';
import { useApi } from '../api/current.js';

export type ConfigDefinition = MethodOutput<'topics.configDefinitions'>[number];
export type CreateTopicInput = MethodInput<'topics.create'>;

export const useTopicsStore = defineStore('topics', () => {
  const list = shallowRef<TopicSummary[] | null>(null);
  const listError = shallowRef<unknown>(null);
  const listLoading = ref(false);
  const includeInternal = ref(false);

  const description = shallowRef<TopicDescription | null>(null);
  const describeError = shallowRef<unknown>(null);
  const describeLoading = ref(false);

  const definitions = shallowRef<ConfigDefinition[] | null>(null);

  async function loadList(): Promise<void> {
    listLoading.value = true;
    try {
      list.value = await useApi().topics.list({ includeInternal: includeInternal.value });
      listError.value = null;
    } catch (e) {
      listError.value = e;
    } finally {
      listLoading.value = false;
    }
  }

  async function describe(name: string): Promise<void> {
    if (description.value?.name !== name) description.value = null;
    describeLoading.value = true;
    try {
      description.value = await useApi().topics.describe({ name });
      describeError.value = null;
    } catch (e) {
      describeError.value = e;
    } finally {
      describeLoading.value = false;
    }
  }

  /** Kafka's topic configs, loaded once (they do not change while the console runs). */
  async function loadDefinitions(): Promise<ConfigDefinition[]> {
    definitions.value ??= await useApi().topics.configDefinitions();
    return definitions.value;
  }

  async function create(input: CreateTopicInput) {
    const created = await useApi().topics.create(input);
    if (!input.validateOnly) void loadList();
    return created;
  }

  async function alterConfigs(name: string, set: Record<string, string>, remove: string[]) {
    const result = await useApi().topics.alterConfigs({ name, set, delete: remove });
    await describe(name);
    return result;
  }

  async function addPartitions(name: string, count: number) {
    const result = await useApi().topics.addPartitions({ name, count });
    await describe(name);
    return result;
  }

  async function remove(name: string) {
    const result = await useApi().topics.delete({ name });
    if (description.value?.name === name) description.value = null;
    list.value = list.value?.filter((t) => t.name !== name) ?? null;
    void loadList();
    return result;
  }

  async function deleteRecords(name: string, partitions: MethodInput<'topics.deleteRecords'>['partitions']) {
    const result = await useApi().topics.deleteRecords({ name, partitions });
    await describe(name);
    return result;
  }

  return {
    list,
    listError,
    listLoading,
    includeInternal,
    description,
    describeError,
    describeLoading,
    definitions,
    loadList,
    describe,
    loadDefinitions,
    create,
    alterConfigs,
    addPartitions,
    remove,
    deleteRecords,
  };
});
