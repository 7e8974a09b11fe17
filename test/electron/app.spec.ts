/**
 * The desktop app itself, driven by Playwright's Electron support. Runs where an Electron binary
 * exists (and, on Linux, a display); elsewhere it is skipped with the reason.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = new URL('../..', import.meta.url).pathname;

function whyNoElectron(): string | null {
  let binary: unknown;
  try {
    binary = createRequire(import.meta.url)('electron');
  } catch {
    return 'no Electron binary is installed here, and it is never downloaded';
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return 'no Electron binary is installed here';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'there is no display';
  return null;
}

const reason = whyNoElectron();

// The reason is in the title too, so a plain run's output says why the test did not run.
test.describe(`the desktop app${reason ? ` (skipped: ${reason})` : ''}`, () => {
  test.skip(reason !== null, reason ?? '');

  test('opens a locked-down window whose bridge reaches the embedded cluster, and stops cleanly', async () => {
    const home = mkdtempSync(join(tmpdir(), 'brokerlab-electron-'));
    try {
      const app = await electron.launch({
        args: [root],
        cwd: root,
        env: { ...process.env, XDG_DATA_HOME: home, XDG_CONFIG_HOME: home },
      });
      const page = await app.firstWindow();
      expect(page.url()).toBe('brokerlab://app/');
      const exposed = await page.evaluate(() => ({
        bridge: typeof (window as unknown as { brokerlab?: unknown }).brokerlab,
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(exposed).toEqual({ bridge: 'object', require: 'undefined', process: 'undefined' });
      const answer = await page.evaluate(() =>
        (
          window as unknown as { brokerlab: { connections: { list(i: unknown): Promise<unknown> } } }
        ).brokerlab.connections.list({}),
      );
      expect(answer).toMatchObject({ ok: true, value: [{ id: 'embedded', kind: 'embedded' }] });
      // navigation away from the console is refused
      const navigated = page.waitForEvent('framenavigated', { timeout: 1_000 }).then(
        () => true,
        () => false,
      );
      await page.evaluate(() => (window.location.href = 'https://example.com/'));
      expect(await navigated).toBe(false);
      expect(page.url()).toBe('brokerlab://app/');
      await app.close();
      expect(existsSync(join(home, 'brokerlab', 'control.json'))).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
