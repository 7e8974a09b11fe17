/**
 * Schemas: the subjects of the embedded cluster's schema registry, one version of the chosen
 * subject with its schema, and the draft the user checks against a subject and registers.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { EncodedBytes } from '../../host/api/index.js';
import type { MethodInput, MethodOutput } from '../../host/api/types.js';
import { useApi } from '../api/current.js';

export type SchemasList = MethodOutput<'schemas.list'>;
export type SchemaVersionView = MethodOutput<'schemas.get'>;
export type DraftInput = MethodInput<'schemas.check'>;
export type CheckResult = MethodOutput<'schemas.check'>;

export const useSchemasStore = defineStore('schemas', () => {
  const list = shallowRef<SchemasList | null>(null);
  const listError = shallowRef<unknown>(null);
  const chosen = ref<{ subject: string; version: number | null } | null>(null);
  const version = shallowRef<SchemaVersionView | null>(null);
  const versionError = shallowRef<unknown>(null);

  async function loadList(): Promise<void> {
    try {
      list.value = await useApi().schemas.list();
      listError.value = null;
    } catch (e) {
      listError.value = e;
    }
  }

  async function loadVersion(): Promise<void> {
    const target = chosen.value;
    if (!target) return;
    try {
      const answer = await useApi().schemas.get({
        subject: target.subject,
        ...(target.version !== null ? { version: target.version } : {}),
      });
      if (chosen.value !== target) return;
      version.value = answer;
      versionError.value = null;
    } catch (e) {
      if (chosen.value === target) versionError.value = e;
    }
  }

  /** Shows a subject's version (null: the latest), or nothing. */
  function show(subject: string | null, versionNumber: number | null): void {
    const current = chosen.value;
    if (current?.subject === subject && current?.version === versionNumber) return;
    chosen.value = subject === null ? null : { subject, version: versionNumber };
    version.value = null;
    versionError.value = null;
    void loadVersion();
  }

  /** Another version of a subject, for a comparison (not kept). */
  async function fetchVersion(subject: string, versionNumber: number): Promise<SchemaVersionView> {
    return useApi().schemas.get({ subject, version: versionNumber });
  }

  /** A key or value decoded through the registry (null when it is not in the wire format). */
  async function decode(bytes: EncodedBytes): Promise<MethodOutput<'schemas.decode'>> {
    return useApi().schemas.decode({ bytes });
  }

  /** A JSON value checked against a subject's schema and framed for producing. */
  async function encode(input: MethodInput<'schemas.encode'>): Promise<MethodOutput<'schemas.encode'>> {
    return useApi().schemas.encode(input);
  }

  async function check(draft: DraftInput): Promise<CheckResult> {
    return useApi().schemas.check(draft);
  }

  async function register(draft: DraftInput): Promise<MethodOutput<'schemas.register'>> {
    const result = await useApi().schemas.register(draft);
    await loadList();
    return result;
  }

  async function remove(input: MethodInput<'schemas.delete'>): Promise<MethodOutput<'schemas.delete'>> {
    const result = await useApi().schemas.delete(input);
    await loadList();
    return result;
  }

  return {
    list,
    listError,
    chosen,
    version,
    versionError,
    loadList,
    loadVersion,
    show,
    fetchVersion,
    decode,
    encode,
    check,
    register,
    remove,
  };
});
