/**
 * Whether the console is on screen. Live data (snapshots, lag, tail, the timeline) pauses while
 * the window is hidden and catches up when it shows again.
 */
import { readonly, ref, type Ref } from 'vue';

const visible = ref(typeof document === 'undefined' || document.visibilityState !== 'hidden');
if (typeof document !== 'undefined') {
  document.addEventListener('visibilitychange', () => {
    visible.value = document.visibilityState !== 'hidden';
  });
}

export const pageVisible: Readonly<Ref<boolean>> = readonly(visible);
