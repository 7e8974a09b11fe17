import { expect, test, uniqueName } from './fixtures.js';

test('seek by timestamp', async ({ page, app, kafka }) => {
  const topic = uniqueName('e2e-seek');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 1, replicationFactor: 3 }],
    waitForLeaders: true,
  });
  await admin.disconnect();

  // Ten records one minute apart, with the producer's own timestamps.
  const t0 = Date.UTC(2026, 0, 15, 9, 0, 0);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: 10 }, (_, i) => ({
      value: `tick ${i}`,
      timestamp: String(t0 + i * 60_000),
    })),
  });
  await producer.disconnect();

  await app.open(`/topics/${topic}/messages`);
  const rows = page.getByRole('grid', { name: 'Records' }).locator('.body [role=row]');
  await expect(rows).toHaveCount(10);

  await page.getByRole('combobox', { name: 'Start from' }).selectOption({ label: 'Time' });
  await page.getByLabel('Time', { exact: true }).fill('2026-01-15T09:06:00');
  await page.getByRole('button', { name: 'Seek' }).click();

  await expect(page).toHaveURL(
    /from=time&time=2026-01-15T09%3A06%3A00\.000Z|from=time&time=2026-01-15T09:06:00.000Z/,
  );
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toHaveAttribute('data-offset', '6');
  await expect(rows.first()).toContainText('09:06:00.000');
  await app.screenshot('seek-by-time');

  // Newest first from the same time reads backwards from it. Naive UI hides the radio input under
  // its label, so click the label as a user does.
  await page.getByText('Newest first', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Newest first' })).toBeChecked();
  await expect(rows.first()).toHaveAttribute('data-offset', '6');
  await expect(rows.last()).toHaveAttribute('data-offset', '0');
});
