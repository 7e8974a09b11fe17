import { alive } from '../host/terminal/terminal-helpers.js';
import { expect, test, uniqueName, type Page } from './fixtures.js';

/** The rows the selected terminal shows (xterm.js renders them into the DOM). */
const screen = (page: Page) => page.getByRole('tabpanel').locator('.xterm-rows');

/** Types a command line into the selected terminal, as a user does. */
async function run(page: Page, tab: string, line: string): Promise<void> {
  await page.getByRole('textbox', { name: tab }).focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** The shell's own process id, from `echo $$`. */
async function shellPid(page: Page, tab: string): Promise<number> {
  const marker = `PID${Math.floor(Math.random() * 1e6)}`;
  await run(page, tab, `echo "${marker}=$$"`);
  const text = screen(page);
  await expect(text).toContainText(new RegExp(`${marker}=\\d+`));
  return Number(new RegExp(`${marker}=(\\d+)`).exec((await text.textContent()) ?? '')![1]);
}

test('a terminal runs brokerlab against the cluster in view, keeps its scrollback, restarts and ends with its tab', async ({
  page,
  app,
  kafka,
  brokerlab,
}) => {
  const topic = uniqueName('e2e-terminal');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 1, replicationFactor: 3 }],
    waitForLeaders: true,
  });
  await admin.disconnect();

  await app.open('/overview');
  await app.navigate('Terminal');
  await expect(page.getByRole('tab', { name: 'Terminal 1' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText(`BROKERLAB_BOOTSTRAP=${brokerlab.bootstrap}`)).toBeVisible();

  // The shell's environment names the cluster, and the CLI on its PATH reaches it.
  await run(page, 'Terminal 1', 'echo "BOOT=$BROKERLAB_BOOTSTRAP"');
  await expect(screen(page)).toContainText(`BOOT=${brokerlab.bootstrap}`);
  await run(page, 'Terminal 1', 'brokerlab topics list');
  await expect(screen(page)).toContainText(topic, { timeout: 30_000 });
  await app.screenshot('terminal');

  // Another view and back: the scrollback is still there.
  await app.navigate('Topics');
  await expect(page.getByRole('heading', { name: 'Topics' })).toBeVisible();
  await app.navigate('Terminal');
  await expect(screen(page)).toContainText(topic);

  // A second tab whose shell exits says so and starts again.
  await page.getByRole('button', { name: 'New terminal' }).click();
  await expect(page.getByRole('tab', { name: 'Terminal 2' })).toHaveAttribute('aria-selected', 'true');
  await run(page, 'Terminal 2', 'exit 7');
  await expect(page.getByRole('status').filter({ hasText: 'The shell exited (code 7).' })).toBeVisible();
  await expect(page.getByRole('tab', { name: /Terminal 2.*exited/ })).toBeVisible();
  await page.getByRole('button', { name: 'Start again' }).click();
  await run(page, 'Terminal 2', 'echo "AGAIN-$((6 * 7))"');
  await expect(screen(page)).toContainText('AGAIN-42');

  // Closing a tab ends its shell.
  const pid = await shellPid(page, 'Terminal 2');
  expect(alive(pid)).toBe(true);
  await page.getByRole('button', { name: 'Close Terminal 2' }).click();
  await expect(page.getByRole('tab', { name: /Terminal 2/ })).toHaveCount(0);
  await expect.poll(() => alive(pid)).toBe(false);
  await expect(page.getByRole('tab', { name: 'Terminal 1' })).toHaveAttribute('aria-selected', 'true');
  await expect(screen(page)).toContainText(topic);
});

test('find, copy and paste in a terminal, and the shell learns a new window size', async ({
  page,
  app,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open('/terminal');
  const tab = (await page.getByRole('tab', { selected: true }).textContent())!.trim();

  await run(page, tab, 'echo "FOUND-$((20 + 3))"');
  await expect(screen(page)).toContainText('FOUND-23');
  // Find selects the match; Copy puts the selection on the clipboard.
  await page.getByRole('textbox', { name: 'Find in terminal' }).fill('FOUND-23');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('FOUND-23');

  await page.evaluate(() => navigator.clipboard.writeText('echo "PASTED-$((2 + 3))"'));
  await page.getByRole('button', { name: 'Paste', exact: true }).click();
  await page.keyboard.press('Enter');
  await expect(screen(page)).toContainText('PASTED-5');

  await run(page, tab, 'echo "SIZE-A=$(stty size)"');
  await expect(screen(page)).toContainText(/SIZE-A=\d+ \d+/);
  const before = /SIZE-A=(\d+) (\d+)/.exec((await screen(page).textContent()) ?? '')!;
  await page.setViewportSize({ width: 1600, height: 1000 });
  await run(page, tab, 'echo "SIZE-B=$(stty size)"');
  await expect(screen(page)).toContainText(/SIZE-B=\d+ \d+/);
  const after = /SIZE-B=(\d+) (\d+)/.exec((await screen(page).textContent()) ?? '')!;
  expect(Number(after[1])).toBeGreaterThan(Number(before[1]));
  expect(Number(after[2])).toBeGreaterThan(Number(before[2]));
});
