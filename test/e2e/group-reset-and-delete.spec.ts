import { expect, test, uniqueName } from './fixtures.js';

test('an empty group’s offsets are reset from the console, then the group is deleted', async ({
  page,
  app,
  kafka,
}) => {
  const topic = uniqueName('e2e-reset');
  const groupId = uniqueName('e2e-reset-group');
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 3 }],
      waitForLeaders: true,
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 60 }, (_, i) => ({ partition: i % 3, value: `v${i}` })),
    });
    await producer.disconnect();

    // A real consumer group reads everything, commits, and leaves: the group is empty.
    let consumed = 0;
    const consumer = kafka.consumer({ groupId, heartbeatInterval: 500, sessionTimeout: 10_000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommitInterval: 100, eachMessage: async () => void consumed++ });
    await expect.poll(() => consumed, { timeout: 60_000 }).toBe(60);
    await expect
      .poll(async () =>
        (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions.map((p) => p.offset),
      )
      .toEqual(['20', '20', '20']);
    await consumer.disconnect();

    await app.open(`/groups/${groupId}`);
    await expect(page.getByTestId('group-state')).toHaveText('Empty');
    await page.getByRole('button', { name: 'Reset offsets' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Earliest', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const preview = dialog.getByRole('table', { name: 'Offsets after the reset' });
    await expect(preview.getByRole('row')).toHaveCount(4);
    await expect(dialog).toContainText("The group's consumers will read 60 records again.");
    await dialog.getByRole('button', { name: 'Reset offsets' }).click();
    await expect(dialog).toBeHidden();
    await expect
      .poll(async () =>
        (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions.map((p) => p.offset),
      )
      .toEqual(['0', '0', '0']);
    // The console follows: every partition is 20 records behind again.
    const lagCells = page.getByRole('table', { name: 'Lag per partition' }).locator('[data-column="lag"]');
    await expect.poll(async () => (await lagCells.allTextContents()).map(Number)).toEqual([20, 20, 20]);
    await app.screenshot('group-offsets-reset');

    await page.getByRole('button', { name: 'Delete group' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete group' }).click();
    await expect(page).toHaveURL(/\/groups$/);
    await expect
      .poll(async () => (await admin.listGroups()).groups.map((g) => g.groupId))
      .not.toContain(groupId);
  } finally {
    await admin.disconnect();
  }
});
