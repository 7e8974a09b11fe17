import { expect, test, uniqueName } from './fixtures.js';

test('a consumer group’s lag rises on the chart and falls to zero', async ({ page, app, kafka }) => {
  test.setTimeout(180_000);
  const topic = uniqueName('e2e-lag');
  const groupId = uniqueName('e2e-group');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 3 }],
    waitForLeaders: true,
  });
  await admin.disconnect();

  const producer = kafka.producer();
  await producer.connect();
  const send = (n: number, from: number) =>
    producer.send({
      topic,
      messages: Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}` })),
    });

  // A real consumer group: it reads everything, then pauses while more arrives, then resumes.
  let consumed = 0;
  const consumer = kafka.consumer({ groupId, heartbeatInterval: 500, sessionTimeout: 10_000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ autoCommitInterval: 200, eachMessage: async () => void consumed++ });
  try {
    await send(100, 0);
    await expect.poll(() => consumed, { timeout: 60_000 }).toBe(100);

    await app.open(`/groups/${groupId}`);
    const chart = page.getByRole('img', { name: /^Lag over time/ });
    await expect(chart).toHaveAccessibleName('Lag over time, now 0', { timeout: 30_000 });
    await expect(page.getByTestId('group-state')).toHaveText('Stable');

    consumer.pause([{ topic }]);
    await send(900, 100);
    await expect(chart).toHaveAccessibleName('Lag over time, now 900', { timeout: 30_000 });
    // The table follows the same samples as the chart: its partitions add up to the same lag.
    const lagTable = page.getByRole('table', { name: 'Lag per partition' });
    await expect(lagTable).toContainText(topic);
    const lagCells = lagTable.locator('[data-column="lag"]');
    await expect
      .poll(async () => (await lagCells.allTextContents()).reduce((sum, text) => sum + Number(text), 0))
      .toBe(900);
    await expect(page.locator('canvas')).toBeVisible();
    await app.screenshot('group-lag-risen');

    consumer.resume([{ topic }]);
    await expect(chart).toHaveAccessibleName('Lag over time, now 0', { timeout: 60_000 });
    await app.screenshot('group-lag-zero');

    await app.navigate('Consumer groups');
    await expect(page.getByRole('row', { name: new RegExp(groupId) })).toContainText('Stable');
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
});
