import { expect, expectNoHorizontalScroll, test, uniqueName } from './fixtures.js';

test('create a topic with configs from the topics view', async ({ page, app }) => {
  const name = uniqueName('e2e-create');
  await app.open('/topics');
  await page.getByRole('button', { name: 'Create topic' }).first().click();
  await expect(page).toHaveURL(/#\/topics\/new$/);

  // Kafka's naming rule is checked before anything is sent.
  const nameInput = page.getByRole('textbox', { name: 'Topic name' });
  await nameInput.fill('not a topic!');
  await nameInput.blur();
  await expect(page.getByText("a topic name uses only letters, digits, '.', '_' and '-'")).toBeVisible();

  await nameInput.fill(name);
  await page.getByRole('textbox', { name: 'Partitions' }).fill('4');
  await page.getByRole('textbox', { name: 'Replication factor' }).fill('3');
  await page.getByRole('button', { name: 'Add retention.ms' }).click();
  const retention = page.getByRole('textbox', { name: 'Value of retention.ms' });
  await retention.fill('one hour');
  await expect(page.getByRole('alert').filter({ hasText: 'should be a whole number' })).toBeVisible();
  await retention.fill('3600000');
  await page.getByRole('button', { name: 'Add cleanup.policy' }).click();
  await page.getByRole('textbox', { name: 'Value of cleanup.policy' }).fill('compact,delete');
  await app.screenshot('create-topic-form');

  await page.getByRole('button', { name: 'Create topic' }).last().click();
  await expect(page).toHaveURL(new RegExp(`#/topics/${name}/messages`));
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByText('No records here yet')).toBeVisible();

  // The new topic's shape, as the cluster reports it.
  await page.getByRole('tab', { name: 'Partitions' }).click();
  await expect(page.getByRole('table', { name: 'Partitions' }).locator('tbody tr')).toHaveCount(4);
  await page.getByRole('tab', { name: 'Configs' }).click();
  const configs = page.getByRole('table', { name: 'Configs' });
  // The row whose name cell is exactly the key (delete.retention.ms and others contain it too).
  const config = (key: string) =>
    configs.getByRole('row').filter({ has: page.getByRole('cell', { name: key, exact: true }) });
  await expect(config('retention.ms')).toContainText('3600000');
  await expect(config('cleanup.policy')).toContainText('topic override');

  await app.navigate('Topics');
  await page.getByRole('textbox', { name: 'Search topics' }).fill(name);
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('4');
  await expect(row).toContainText('1 h');
  await expect(row).toContainText('compact, delete');
  await expectNoHorizontalScroll(page);
  await app.screenshot('topics-list');
});
