import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, uniqueName } from './fixtures.js';

test('export a topic as a download and import the file into another topic', async ({ page, app, kafka }) => {
  const source = uniqueName('e2e-export');
  const target = uniqueName('e2e-import');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: source, numPartitions: 2, replicationFactor: 3 },
      { topic: target, numPartitions: 2, replicationFactor: 3 },
    ],
    waitForLeaders: true,
  });

  // Text and binary values and headers, from a real client, at fixed timestamps.
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: source,
    messages: Array.from({ length: 40 }, (_, i) => ({
      partition: i % 2,
      key: i % 4 === 0 ? null : `key-${i}`,
      value: i % 5 === 0 ? Buffer.from([0xff, 0x00, i]) : JSON.stringify({ n: i }),
      headers: { trace: Buffer.from([0x80, i]) },
      timestamp: String(1_700_000_000_000 + i),
    })),
  });
  await producer.disconnect();

  await app.open(`/topics/${source}/messages`);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const exportDialog = page.getByRole('dialog');
  await exportDialog
    .getByRole('combobox', { name: 'Export format' })
    .selectOption({ label: 'JSON Lines (exact, imports back)' });
  await exportDialog.getByRole('button', { name: `Export ${source}.jsonl` }).click();
  await expect(exportDialog.getByRole('status')).toContainText(`Exported 40 records to ${source}.jsonl`);
  await expect(exportDialog.getByTestId('job-state')).toHaveText('Done');
  await app.screenshot('export-dialog-done');
  const downloading = page.waitForEvent('download');
  await exportDialog.getByRole('link', { name: `Download ${source}.jsonl` }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${source}.jsonl`);
  const file = test.info().outputPath(`${source}.jsonl`);
  await download.saveAs(file);
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines).toHaveLength(40);
  expect(lines.find((l) => l.partition === 0 && l.offset === 0)).toEqual({
    topic: source,
    partition: 0,
    offset: 0,
    timestamp: 1_700_000_000_000,
    key: null,
    value: { base64: Buffer.from([0xff, 0x00, 0]).toString('base64') },
    headers: [{ key: 'trace', value: { base64: Buffer.from([0x80, 0]).toString('base64') } }],
  });
  await exportDialog.getByRole('button', { name: 'Close', exact: true }).click();

  // A file with a bad line: the preview names it before anything is written.
  const bad = test.info().outputPath(`${target}-bad.jsonl`);
  writeFileSync(bad, '{"value":"ok"}\n{"value": 12}\n');
  await app.open(`/topics/${target}/messages`);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const importDialog = page.getByRole('dialog');
  await importDialog.getByLabel('File to import').setInputFiles(bad);
  await expect(importDialog.getByRole('alert')).toContainText('Line 2: value: must be a string');

  // The exported file goes back exactly, to the same partitions with the same timestamps.
  await importDialog.getByLabel('File to import').setInputFiles(file);
  await expect(importDialog.getByTestId('import-file')).toContainText(`${source}.jsonl`);
  await expect(importDialog.getByRole('table')).toContainText('0xff0000');
  await importDialog.getByText("Keep each record's partition from the file").click();
  await importDialog.getByText("Keep each record's timestamp from the file").click();
  await importDialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(importDialog.getByRole('status')).toContainText(`Imported 40 records into ${target}`);
  await app.screenshot('import-dialog-done');

  const offsets = await admin.fetchTopicOffsets(target);
  await admin.disconnect();
  expect(offsets.map((o) => [o.partition, o.high]).sort()).toEqual([
    [0, '20'],
    [1, '20'],
  ]);
});
