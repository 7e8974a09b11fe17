import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, repoRoot } from '../peers/cache.js';
import { run, tail } from '../peers/process.js';
import { expect, test, uniqueName } from './fixtures.js';

const order = (fields: object[]) =>
  JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields }, null, 2);

test('schemas: register a draft, see an incompatible one refused with reasons, evolve it, delete after confirming', async ({
  page,
  app,
}) => {
  const subject = uniqueName('e2e-orders-value');
  await app.open('/schemas');
  await expect(page.getByRole('heading', { name: 'Schemas', exact: true })).toBeVisible();
  await expect(page.getByText(/Registry http:\/\/127\.0\.0\.1:\d+/)).toBeVisible();

  // A first version, from the draft.
  await page.getByRole('textbox', { name: 'Draft subject' }).fill(subject);
  const draft = page.getByRole('textbox', { name: 'Draft schema' });
  await draft.fill(order([{ name: 'id', type: 'long' }]));
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Registered ${subject} version 1` })).toBeVisible();
  const subjects = page.getByRole('table', { name: 'Subjects' });
  await expect(subjects.getByRole('row', { name: new RegExp(subject) })).toContainText('AVRO');
  await expect(page.getByLabel('Schema', { exact: true })).toContainText('"name": "id"');

  // A field without a default cannot read the first version's data: checked, then refused.
  await draft.fill(
    order([
      { name: 'id', type: 'long' },
      { name: 'total', type: 'double' },
    ]),
  );
  await page.getByRole('button', { name: 'Check compatibility' }).click();
  const verdict = page
    .getByRole('status')
    .filter({ hasText: `Not compatible with ${subject} under BACKWARD` });
  await expect(verdict).toContainText('total');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByText('The registry refused the draft')).toBeVisible();

  // With a default it is compatible, and becomes version 2.
  await draft.fill(
    order([
      { name: 'id', type: 'long' },
      { name: 'total', type: 'double', default: 0 },
    ]),
  );
  await page.getByRole('button', { name: 'Check compatibility' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `Compatible with ${subject} under BACKWARD` }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Registered ${subject} version 2` })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Version' })).toHaveValue('0');
  await expect(page.getByLabel('Schema', { exact: true })).toContainText('"default": 0');

  // The two versions side by side: the added field is the one marked line.
  await page
    .getByRole('combobox', { name: 'Compare with' })
    .selectOption({ label: 'Compare with version 1' });
  const diff = page.getByRole('figure', { name: 'Changes from version 1 to version 2' });
  await expect(diff.locator('.added')).toContainText(['"name": "total"']);
  await expect(diff.locator('.removed')).toHaveCount(1); // the legend only: nothing was removed
  await app.screenshot('schemas');
  await page.getByRole('combobox', { name: 'Compare with' }).selectOption({ label: 'No comparison' });

  // Version 1 is still there to look at; the subject goes after a confirmation.
  await page.getByRole('combobox', { name: 'Version' }).selectOption({ label: 'Version 1' });
  await expect(page.getByLabel('Schema', { exact: true })).not.toContainText('total');
  await page.getByRole('button', { name: 'Delete subject…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('soft-deleted');
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(subjects.getByRole('row', { name: new RegExp(subject) })).toHaveCount(0);
});

test('the inspector decodes what a schema-registry serializer produced, naming subject and version', async ({
  page,
  app,
  kafka,
}) => {
  const topic = uniqueName('e2e-readings');
  await app.open('/schemas');
  const header = await page.getByText(/Registry http:\/\/127\.0\.0\.1:\d+/).textContent();
  const registryUrl = /http:\/\/127\.0\.0\.1:\d+/.exec(header ?? '')![0];

  // A real client of the registry: register, encode, produce.
  const registry = new SchemaRegistry({ host: registryUrl });
  const schema = JSON.stringify({
    type: 'record',
    name: 'Reading',
    namespace: 'lab',
    fields: [
      { name: 'sensor', type: 'string' },
      { name: 'celsius', type: 'double' },
    ],
  });
  const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: `${topic}-value` });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    acks: -1,
    messages: [{ key: 'k1', value: await registry.encode(id, { sensor: 'hall', celsius: 21.5 }) }],
  });
  await producer.disconnect();

  await app.open(`/topics/${topic}/messages`);
  const rows = page.getByRole('grid', { name: 'Records' }).locator('.body [role=row]');
  await expect(rows).toHaveCount(1);
  await rows.first().click();
  const decoded = page.getByRole('region', { name: 'Decoded value' });
  await expect(decoded).toContainText(`Decoded with ${topic}-value version 1 · schema id ${id} · AVRO`);
  await expect(decoded.getByRole('tree', { name: 'JSON value' })).toContainText('hall');
  await expect(decoded.getByRole('tree', { name: 'JSON value' })).toContainText('21.5');
  await app.screenshot('inspector-decoded');

  // The producer encodes with the subject's schema: a value that does not fit is refused, one that
  // fits lands in the wire format and decodes like the serializer's.
  await app.open(`/topics/${topic}/produce`);
  await page.getByRole('combobox', { name: 'Value schema' }).selectOption({ label: `${topic}-value (AVRO)` });
  const value = page.getByRole('textbox', { name: 'Value', exact: true });
  await value.fill('{"sensor": "roof"}');
  await page.getByRole('button', { name: 'Produce', exact: true }).click();
  await expect(page.getByText(`does not fit ${topic}-value version 1`)).toBeVisible();
  await value.fill('{"sensor": "roof", "celsius": 9.25}');
  await page.getByRole('button', { name: 'Produce', exact: true }).click();
  await expect(page.getByTestId('produce-result')).toContainText('at offset 1');
  await app.screenshot('produce-with-schema');
  await app.open(`/topics/${topic}/messages?record=0:1&partition=0&from=offset&offset=1`);
  await expect(page.getByRole('region', { name: 'Decoded value' })).toContainText('roof');
});

test("the inspector decodes confluent-kafka-python's Avro, Protobuf and JSON Schema serializers' records, and filters on the JSON", async ({
  page,
  app,
  brokerlab,
}) => {
  const venv = readManifest().pythonVenv;
  if (!venv.ok) {
    test.skip(true, `confluent-kafka-python's venv is missing: ${venv.reason}`);
    return;
  }
  test.setTimeout(240_000);
  const prefix = uniqueName('e2e-py');
  await app.open('/schemas');
  const header = await page.getByText(/Registry http:\/\/127\.0\.0\.1:\d+/).textContent();
  const registryUrl = /http:\/\/127\.0\.0\.1:\d+/.exec(header ?? '')![0];

  // Confluent's own serializers register their schemas and produce one record to each topic.
  const script = join(repoRoot, 'test/peers/python/schema_registry.py');
  const result = await run(venv.python, [script, brokerlab.bootstrap, registryUrl, prefix], {
    env: { PYTHONNOUSERSITE: '1', PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: 180_000,
  });
  expect(result.code, tail(result.stderr)).toBe(0);

  const cases = [
    { format: 'avro', type: 'AVRO', shows: ['kettle', '7'] },
    { format: 'protobuf', type: 'PROTOBUF', shows: ['o-7', 'parcels'] },
    { format: 'json', type: 'JSON', shows: ['o-7', 'paid'] },
  ];
  for (const { format, type, shows } of cases) {
    const topic = `${prefix}-${format}`;
    await app.open(`/topics/${topic}/messages`);
    const rows = page.getByRole('grid', { name: 'Records' }).locator('.body [role=row]');
    await expect(rows).toHaveCount(1);
    await rows.first().click();
    const decoded = page.getByRole('region', { name: 'Decoded value' });
    await expect(decoded).toContainText(
      new RegExp(`Decoded with ${topic}-value version 1 · schema id \\d+ · ${type}`),
    );
    for (const text of shows)
      await expect(decoded.getByRole('tree', { name: 'JSON value' })).toContainText(text);
    await app.screenshot(`inspector-decoded-python-${format}`);
  }

  // The filter reads the decoded JSON: the Avro bytes hold "kettle", not the JSON text matched.
  await app.open(`/topics/${prefix}-avro/messages`);
  await page.getByRole('button', { name: /^Filters/ }).click();
  await page.getByRole('combobox', { name: 'Value condition' }).selectOption({ label: 'contains' });
  await page.getByRole('textbox', { name: 'Value text' }).fill('"item":"kettle"');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const grid = page.getByRole('grid', { name: 'Records' });
  await expect(grid).toContainText('1 record matched, 1 examined');
  await app.screenshot('inspector-filter-decoded-python');
});

test("a remote connection's own schema registry: given in the connection form, tested, used by the Schemas view", async ({
  page,
  app,
  brokerlab,
}) => {
  // The embedded cluster seen as a remote one, with the embedded registry given by URL.
  await app.open('/schemas');
  const header = await page.getByText(/Registry http:\/\/127\.0\.0\.1:\d+/).textContent();
  const registryUrl = /http:\/\/127\.0\.0\.1:\d+/.exec(header ?? '')![0];
  const name = uniqueName('With registry');
  await app.open('/connections');
  await page.getByRole('button', { name: 'Add connection' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('textbox', { name: 'Bootstrap servers' }).fill(brokerlab.bootstrap);
  await expect(page.getByRole('textbox', { name: 'Registry user' })).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Schema registry URL' }).fill(registryUrl);
  await page.getByRole('textbox', { name: 'Registry user' }).fill('reader');
  await expect(page.getByLabel('Registry password', { exact: true })).toBeVisible();
  await page.getByText('A CA of my own', { exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Registry CA file' })).toBeVisible();
  await app.screenshot('connection-form-registry');
  // This registry asks for no credentials: clear them, and the test reaches it.
  await page.getByText("The system's CAs", { exact: true }).click();
  await page.getByRole('textbox', { name: 'Registry user' }).fill('');
  await page.getByRole('button', { name: 'Test' }).click();
  await expect(page.getByText('Connection works')).toBeVisible();
  await expect(
    page.getByText(new RegExp(`The schema registry at ${registryUrl} answered: \\d+ subjects?\\.`)),
  ).toBeVisible();
  await app.screenshot('connection-form-registry-tested');
  await page.getByRole('button', { name: 'Save' }).click();

  const row = page.getByRole('listitem', { name });
  await row.getByRole('button', { name: 'Use' }).click();
  await expect(page).toHaveURL(/#\/overview$/);
  await app.open('/schemas');
  await expect(page.getByText(`Registry ${registryUrl}`).first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Subjects' })).toBeVisible();
  await app.screenshot('schemas-remote-registry');

  // Back to the embedded cluster; the saved connection goes.
  await app.open('/connections');
  await page.getByRole('listitem', { name: 'Embedded cluster' }).getByRole('button', { name: 'Use' }).click();
  await expect(page).toHaveURL(/#\/overview$/);
  await app.open('/connections');
  await row.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('button', { name: 'Remove connection' }).click();
  await expect(row).toHaveCount(0);
});

test('export decoded from the dialog, import encoding with a subject: the records decode as before', async ({
  page,
  app,
  kafka,
}) => {
  const source = uniqueName('e2e-avro-out');
  const target = uniqueName('e2e-avro-in');
  await app.open('/schemas');
  const header = await page.getByText(/Registry http:\/\/127\.0\.0\.1:\d+/).textContent();
  const registryUrl = /http:\/\/127\.0\.0\.1:\d+/.exec(header ?? '')![0];
  const registry = new SchemaRegistry({ host: registryUrl });
  const subject = `${source}-value`;
  const { id } = await registry.register(
    {
      type: SchemaType.AVRO,
      // A record of its own, so no other subject holds the same schema id.
      schema: JSON.stringify({
        type: 'record',
        name: 'Crate',
        namespace: 'e2e.roundtrip',
        fields: [
          { name: 'id', type: 'long' },
          { name: 'item', type: 'string' },
        ],
      }),
    },
    { subject },
  );
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: source, numPartitions: 1, replicationFactor: 3 },
      { topic: target, numPartitions: 1, replicationFactor: 3 },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const orders = [
    { id: 1, item: 'kettle' },
    { id: 2, item: 'teapot' },
    { id: 3, item: 'mug' },
  ];
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: source,
    acks: -1,
    messages: await Promise.all(orders.map(async (o) => ({ value: await registry.encode(id, o) }))),
  });
  await producer.disconnect();

  await app.open(`/topics/${source}/messages`);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const exportDialog = page.getByRole('dialog');
  await exportDialog.getByText('Also write schema-registry keys and values decoded as JSON').click();
  await exportDialog.getByRole('button', { name: `Export ${source}.jsonl` }).click();
  await expect(exportDialog.getByRole('status')).toContainText(`Exported 3 records to ${source}.jsonl`);
  const downloading = page.waitForEvent('download');
  await exportDialog.getByRole('link', { name: `Download ${source}.jsonl` }).click();
  const file = test.info().outputPath(`${source}.jsonl`);
  await (await downloading).saveAs(file);
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { valueDecoded: { json: unknown; subject: string } });
  expect(lines.map((l) => l.valueDecoded.json)).toEqual(orders);
  await exportDialog.getByRole('button', { name: 'Close', exact: true }).click();

  await app.open(`/topics/${target}/messages`);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const importDialog = page.getByRole('dialog');
  await importDialog.getByLabel('File to import').setInputFiles(file);
  await importDialog
    .getByRole('combobox', { name: 'Encode values with subject' })
    .selectOption({ label: `${subject} (AVRO, latest version)` });
  await app.screenshot('import-dialog-encode-subject');
  await importDialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(importDialog.getByRole('status')).toContainText(`Imported 3 records into ${target}`);
  await importDialog.getByRole('button', { name: 'Close', exact: true }).click();

  // The page read the empty topic before the import: read it again.
  await page.reload();
  const rows = page.getByRole('grid', { name: 'Records' }).locator('.body [role=row]');
  await expect(rows).toHaveCount(3);
  await rows.nth(1).click();
  const decoded = page.getByRole('region', { name: 'Decoded value' });
  await expect(decoded).toContainText(`Decoded with ${subject} version 1 · schema id ${id} · AVRO`);
  await expect(decoded.getByRole('tree', { name: 'JSON value' })).toContainText('teapot');
});
