/**
 * Light or dark: follows the OS unless the user picked one with the toggle; the choice is kept
 * in localStorage so a reload keeps it.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export type ThemePreference = 'system' | 'light' | 'dark';
const storageKey = 'brokerlab.theme';

function readPreference(): ThemePreference {
  const saved = globalThis.localStorage?.getItem(storageKey);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

export const useThemeStore = defineStore('theme', () => {
  const preference = ref<ThemePreference>(readPreference());
  const media = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
  const osDark = ref(media?.matches ?? false);
  media?.addEventListener('change', (e) => (osDark.value = e.matches));

  const dark = computed(() => (preference.value === 'system' ? osDark.value : preference.value === 'dark'));

  function setPreference(next: ThemePreference): void {
    preference.value = next;
    if (next === 'system') globalThis.localStorage?.removeItem(storageKey);
    else globalThis.localStorage?.setItem(storageKey, next);
  }

  /** The toggle: switch to the other theme than the one showing. */
  function toggle(): void {
    setPreference(dark.value ? 'light' : 'dark');
  }

  return { preference, dark, setPreference, toggle };
});
