import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { createPoller } from '../../../renderer/util/poller.js';
import { setPageVisible } from '../visibility.js';

beforeEach(() => vi.useFakeTimers());
afterEach(async () => {
  vi.useRealTimers();
  await setPageVisible(true);
});

describe('the poller', () => {
  it('runs at once, then every interval, never two runs at once', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const poller = createPoller(async () => {
      runs++;
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 1500));
      running--;
    }, 1000);
    poller.start();
    void poller.now();
    await vi.advanceTimersByTimeAsync(1500);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1000 + 1500);
    expect(runs).toBe(2);
    expect(most).toBe(1);
    poller.stop();
  });

  it('does nothing while the page is hidden and runs as soon as it shows', async () => {
    let runs = 0;
    const poller = createPoller(async () => void runs++, 1000);
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    await setPageVisible(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(1);
    await setPageVisible(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(2);
    poller.stop();
  });

  it('keeps polling after a failed run and stops with its scope', async () => {
    let runs = 0;
    const scope = effectScope();
    const poller = scope.run(() =>
      createPoller(async () => {
        runs++;
        throw new Error('down');
      }, 1000),
    )!;
    poller.start();
    await vi.advanceTimersByTimeAsync(2500);
    expect(runs).toBe(3);
    scope.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(3);
    expect(poller.running).toBe(false);
  });
});
