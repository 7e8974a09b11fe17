import { expect, test, uniqueName, type Page } from './fixtures.js';

/** The leader of a partition as the overview's matrix shows it. */
async function leaderOf(page: Page, topic: string, partition: number): Promise<number> {
  const cell = page.locator(`tr[data-partition="${topic}/${partition}"] [data-column="leader"]`);
  await expect(cell).toHaveText(/^\d+$/);
  return Number(await cell.textContent());
}

test('kill the leader broker, watch leaders move and the ISR shrink, restart it and watch the ISR recover', async ({
  page,
  app,
  kafka,
}) => {
  test.setTimeout(180_000);
  const topic = uniqueName('e2e-faults');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 3 }],
    waitForLeaders: true,
  });
  await admin.disconnect();

  await app.open('/overview');
  await page.getByRole('textbox', { name: 'Filter topics' }).fill(topic);
  const leader = await leaderOf(page, topic, 0);
  await expect(page.getByTestId('health-under-replicated')).toContainText('0');

  await app.navigate('Faults');
  await page.getByRole('button', { name: `Kill broker ${leader}` }).click();

  // The toast says what happened and leads to the timeline.
  await expect(page.getByRole('status', { name: `Killed broker ${leader}` })).toBeVisible();
  const brokerState = page
    .getByRole('listitem', { name: `Broker ${leader}` })
    .getByTestId('fault-broker-state');
  await expect(brokerState).toHaveText('down');
  const timeline = page.getByRole('list', { name: 'Cluster events' });
  await expect(timeline).toContainText(`Broker ${leader} went down`);
  await expect(
    timeline.locator('[data-type="leader-changed"]').filter({ hasText: `${topic}-0` }),
  ).toBeVisible();
  await expect(timeline.locator('[data-type="isr-shrunk"]').filter({ hasText: topic }).first()).toBeVisible();
  await expect(page.getByTestId('health-under-replicated')).not.toContainText(/Under-replicated\s*0$/);
  await app.screenshot('faults-killed');

  await app.navigate('Overview');
  await page.getByRole('textbox', { name: 'Filter topics' }).fill(topic);
  await expect.poll(() => leaderOf(page, topic, 0)).not.toBe(leader);
  await expect(page.locator(`tr[data-partition="${topic}/0"] td[data-broker="${leader}"]`)).toHaveAttribute(
    'data-state',
    'offline',
  );
  await app.screenshot('overview-broker-down');

  await app.navigate('Faults');
  await page.getByRole('button', { name: `Start broker ${leader}` }).click();
  await expect(page.getByRole('status', { name: `Starting broker ${leader}` })).toBeVisible();
  await expect(brokerState).toHaveText('up', { timeout: 60_000 });
  await expect(timeline.locator('[data-type="isr-expanded"]').filter({ hasText: topic }).first()).toBeVisible(
    { timeout: 60_000 },
  );
  await expect(page.getByTestId('health-under-replicated')).toContainText(/Under-replicated\s*0$/, {
    timeout: 60_000,
  });
  await app.screenshot('faults-recovered');

  await app.navigate('Overview');
  await page.getByRole('textbox', { name: 'Filter topics' }).fill(topic);
  for (const p of [0, 1, 2])
    await expect(page.locator(`tr[data-partition="${topic}/${p}"] [data-column="isr"]`)).toContainText(
      String(leader),
    );
});
