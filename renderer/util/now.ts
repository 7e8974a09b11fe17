/**
 * A clock for relative times ("5 s ago"): one shared ref that ticks every second while the page
 * is visible, so every "ago" on screen moves together and nothing ticks in a hidden window.
 */
import { readonly, ref, watch, type Ref } from 'vue';
import { pageVisible } from './page-visibility.js';

const now = ref(Date.now());
let timer: ReturnType<typeof setInterval> | undefined;

function run(visible: boolean): void {
  clearInterval(timer);
  timer = undefined;
  if (!visible) return;
  now.value = Date.now();
  timer = setInterval(() => (now.value = Date.now()), 1000);
}

let started = false;

export function useNow(): Readonly<Ref<number>> {
  if (!started) {
    started = true;
    run(pageVisible.value);
    watch(pageVisible, run);
  }
  return readonly(now);
}
