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
