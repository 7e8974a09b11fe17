import { expect, test, uniqueName } from './fixtures.js';

test('a hanging transaction is found, aborted, and read_committed browsing unblocks', async ({
  page,
  app,
  kafka,
}) => {
  test.setTimeout(180_000);
  const topic = uniqueName('e2e-txn');
  const transactionalId = uniqueName('e2e-hanging');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 1, replicationFactor: 3 }],
    waitForLeaders: true,
  });
  await admin.disconnect();

  // A record, then a real transactional producer that goes away with its transaction open,
  // then another record: read_committed consumers stop at the open transaction.
  const plain = kafka.producer();
  await plain.connect();
  await plain.send({ topic, acks: -1, messages: [{ value: 'before' }] });
  const transactional = kafka.producer({
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    transactionTimeout: 600_000,
  });
  await transactional.connect();
  const txn = await transactional.transaction();
  await txn.send({ topic, acks: -1, messages: [{ value: 'in-limbo' }] });
  await transactional.disconnect();
  await plain.send({ topic, acks: -1, messages: [{ value: 'after' }] });
  await plain.disconnect();

  await app.open('/transactions');
  const ids = page.getByRole('table', { name: 'Transactional ids' });
  const row = ids.getByRole('row', { name: new RegExp(transactionalId) });
  await expect(row).toContainText('Ongoing');
  // The transaction's partition is one click from the LSO it holds.
  await row.getByRole('button', { name: `${topic}[0]` }).click();
  const partitions = page.getByRole('table', { name: `Partitions of ${topic}` });
  const partition = partitions.getByRole('row').filter({ hasText: transactionalId });
  await expect(partition).toContainText('from 1');
  await expect(partition).toContainText('2'); // held back: the transaction's record and the one after
  await app.screenshot('transactions-hanging');

  // Browsing as a read_committed consumer shows only what precedes the open transaction.
  await page.getByRole('link', { name: 'Browse as read_committed' }).click();
  const records = page.getByRole('grid', { name: 'Records' });
  await expect(records.getByRole('row')).toHaveCount(2); // the header and "before"
  await expect(records).toContainText('before');
  await expect(records).not.toContainText('after');
  await app.screenshot('inspector-read-committed-stuck');

  await app.open(`/transactions?topic=${topic}`);
  await page
    .getByRole('table', { name: `Partitions of ${topic}` })
    .getByRole('button', { name: 'Abort…' })
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('ABORT marker');
  await app.screenshot('transactions-abort-confirm');
  await dialog.getByRole('button', { name: 'Abort transaction' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('table', { name: `Partitions of ${topic}` })).toContainText(
    'no open transaction',
  );

  await app.open(`/topics/${topic}/messages?partition=0&isolation=committed`);
  await expect(records).toContainText('after');
  await expect(records).not.toContainText('in-limbo');
  await app.screenshot('inspector-read-committed-unblocked');

  // Read uncommitted with the markers: the aborted record is marked, the ABORT marker listed.
  await app.open(`/topics/${topic}/messages?partition=0&markers=1`);
  await expect(records.getByRole('row', { name: /in-limbo/ })).toContainText('aborted');
  await expect(records.getByRole('row', { name: /ABORT/ })).toHaveCount(1);
  await app.screenshot('inspector-transaction-marks');

  // The fault: kill the broker coordinating the id; another takes the id over from the log.
  await app.open(`/transactions?id=${transactionalId}`);
  const coordinatorCell = () => row.locator('td').nth(3).textContent();
  const coordinator = Number(await coordinatorCell());
  await row.getByRole('button', { name: 'Kill coordinator' }).click();
  await expect(
    page.getByRole('status', { name: `Killed the coordinator of ${transactionalId}` }),
  ).toBeVisible();
  await expect.poll(async () => Number(await coordinatorCell()), { timeout: 60_000 }).not.toBe(coordinator);
  await expect(row).toContainText('Ongoing');
  await app.screenshot('transactions-coordinator-moved');
  // Leave the shared cluster whole for the next test.
  await app.open('/faults');
  await page.getByRole('button', { name: `Start broker ${coordinator}` }).click();
  await expect(
    page.getByRole('listitem', { name: `Broker ${coordinator}` }).getByTestId('fault-broker-state'),
  ).toHaveText('up', { timeout: 60_000 });
});
