/**
 * Runs an async task every `intervalMs` while started and while the page is visible: never two
 * runs at once (the next waits for the previous to finish), at once again when the page shows,
 * nothing at all while it is hidden. Created inside a store or a component, it stops with it.
 */
import { getCurrentScope, onScopeDispose, watch } from 'vue';
import { pageVisible } from './page-visibility.js';

export interface Poller {
  start(): void;
  stop(): void;
  /** Run now (e.g. after a change the user made), then keep the interval from here. */
  now(): Promise<void>;
  readonly running: boolean;
}

export function createPoller(task: () => Promise<void>, intervalMs: number): Poller {
  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | undefined;

  const schedule = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (started && pageVisible.value) timer = setTimeout(() => void run(), intervalMs);
  };

  const run = async (): Promise<void> => {
    if (inFlight) return inFlight;
    clearTimeout(timer);
    inFlight = task()
      .catch(() => {
        // The task keeps its own error state; polling goes on so it recovers by itself.
      })
      .finally(() => {
        inFlight = undefined;
        schedule();
      });
    return inFlight;
  };

  watch(pageVisible, (visible) => {
    if (!started) return;
    if (visible) void run();
    else {
      clearTimeout(timer);
      timer = undefined;
    }
  });

  // Created in a store or a component: stop with it.
  if (getCurrentScope()) onScopeDispose(() => stopPolling());

  function stopPolling(): void {
    started = false;
    clearTimeout(timer);
    timer = undefined;
  }

  return {
    start() {
      if (started) return;
      started = true;
      void run();
    },
    stop: stopPolling,
    now: run,
    get running() {
      return started;
    },
  };
}
