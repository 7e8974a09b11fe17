/**
 * A fresh Pinia per test, and the stores of the previous test disposed (their watchers and
 * pollers stopped), so nothing from one test reacts to the next one's API double.
 */
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach } from 'vitest';

let current: Pinia | undefined;

export function freshPinia(): Pinia {
  current = createPinia();
  setActivePinia(current);
  return current;
}

afterEach(() => {
  const stores = (current as unknown as { _s?: Map<string, { $dispose(): void }> } | undefined)?._s;
  for (const store of stores?.values() ?? []) store.$dispose();
});
