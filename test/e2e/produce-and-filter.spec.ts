import { expect, test, uniqueName } from './fixtures.js';

test('produce a record and find it by a value filter', async ({ page, app, kafka }) => {
  const topic = uniqueName('e2e-produce');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 3 }],
    waitForLeaders: true,
  });
  await admin.disconnect();

  // Some records around the one we look for, from a real client.
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: 60 }, (_, i) => ({
      key: `user-${i % 7}`,
      value: JSON.stringify({ order: i, status: 'new' }),
    })),
  });
  await producer.disconnect();

  const needle = `needle-${Date.now()}`;
  await app.open(`/topics/${topic}/produce`);
  await page.getByRole('textbox', { name: 'Key' }).fill('user-42');
  const value = page.getByRole('textbox', { name: 'Value' });
  await value.fill('{"order": 999, "note": }');
  await expect(
    page.getByRole('alert').filter({ hasText: 'Not valid JSON at line 1, column 24' }),
  ).toBeVisible();
  await value.fill(`{"order": 999, "note": "${needle}", "items": [{"sku": "A-1", "qty": 2}]}`);
  await page.getByRole('button', { name: 'Add header' }).click();
  await page.getByRole('textbox', { name: 'Header 1 name' }).fill('trace-id');
  await page.getByRole('textbox', { name: 'Header 1 value' }).fill('abc-123');
  await page.getByRole('button', { name: 'Produce', exact: true }).click();
  const result = page.getByTestId('produce-result');
  await expect(result).toContainText(/Sent to partition \d+ at offset \d+/);
  await app.screenshot('produce-one');

  await page.getByRole('tab', { name: 'Messages' }).click();
  // The grid is virtualised: only the rows on screen exist, its row count says how many it holds.
  const grid = page.getByRole('grid', { name: 'Records' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(61 + 1));
  await expect(grid).toContainText('61 records · end of the topic');
  await page.getByRole('button', { name: /^Filters/ }).click();
  await page.getByRole('combobox', { name: 'Value condition' }).selectOption({ label: 'contains' });
  await page.getByRole('textbox', { name: 'Value text' }).fill(needle);
  await page.getByRole('button', { name: 'Apply filters' }).click();

  const rows = page.getByRole('grid', { name: 'Records' }).locator('.body [role=row]');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(needle);
  await expect(page.getByRole('grid', { name: 'Records' })).toContainText('1 record matched, 61 examined');
  await expect(page).toHaveURL(/filter=/);
  await rows.first().click();

  const detail = page.getByRole('complementary', { name: 'Record detail' });
  await expect(detail.getByRole('tree', { name: 'JSON value' })).toContainText(needle);
  await detail.getByRole('button', { name: 'Fold items' }).click();
  await expect(detail.getByRole('tree', { name: 'JSON value' })).toContainText('… 1 item');
  await detail.getByRole('tab', { name: 'Headers (1)' }).click();
  await expect(detail.getByRole('table', { name: 'Headers' })).toContainText('abc-123');
  await app.screenshot('messages-filtered');

  // A shared link (or a reload) lands on the same filtered view and record.
  await page.reload();
  await expect(rows).toHaveCount(1);
  await expect(page.getByRole('complementary', { name: 'Record detail' })).toBeVisible();
});
