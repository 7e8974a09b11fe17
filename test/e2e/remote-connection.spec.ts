/**
 * The console on a real Apache Kafka cluster: the peer starts with a SASL SCRAM listener, the
 * user adds it on the connections page, tests it, switches to it, browses a topic with a filter
 * and watches a consumer group's lag chart (the group is a real kafkajs consumer on the peer).
 * Faults stay with the embedded cluster and say so.
 */
import { Kafka, logLevel } from 'kafkajs';
import { kafkaClasspath, startKafka, type KafkaPeer } from '../peers/kafka/index.js';
import { expect, test, uniqueName } from './fixtures.js';

const peerJars = kafkaClasspath();
const user = { username: 'erin', password: 'erin-secret-42' };

test.describe('a remote Apache Kafka cluster', () => {
  test.skip(!peerJars.ok, `the Apache Kafka peer is not set up: ${peerJars.ok ? '' : peerJars.reason}`);

  let peer: KafkaPeer;
  test.beforeAll(async () => {
    peer = await startKafka({
      nodes: 1,
      security: { sasl: { mechanisms: ['SCRAM-SHA-256'], users: [user] } },
    });
  });
  test.afterAll(async () => {
    await peer?.stop();
  });

  test('add it, test it, switch to it, filter a topic and watch a group’s lag', async ({ page, app }) => {
    test.setTimeout(240_000);
    const kafka = new Kafka({
      clientId: 'brokerlab-e2e-remote',
      brokers: peer.bootstrap.split(','),
      sasl: { mechanism: 'scram-sha-256', ...user },
      logLevel: logLevel.NOTHING,
      retry: { retries: 8, initialRetryTime: 200 },
    });
    const topic = uniqueName('remote-orders');
    const groupId = uniqueName('remote-group');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 2, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const send = (n: number, from: number) =>
      producer.send({
        topic,
        messages: Array.from({ length: n }, (_, i) => ({
          key: `customer-${(from + i) % 5}`,
          value: JSON.stringify({ order: from + i, status: (from + i) % 10 === 3 ? 'refunded' : 'paid' }),
        })),
      });
    await send(40, 0);

    // Add the peer as a connection, as a user does.
    await app.open('/connections');
    await expect(page.getByRole('list', { name: 'Connections' })).toContainText('Embedded cluster');
    await expect(
      page.getByText(/Passwords and keys are kept in memory until the console stops/),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Apache Kafka peer');
    await page.getByRole('textbox', { name: 'Bootstrap servers' }).fill(peer.bootstrap);
    // The form shows the fields of the chosen protocol: TLS ones for SASL_SSL.
    await page.getByText('SASL_SSL', { exact: true }).click();
    await page.getByText('A CA of my own', { exact: true }).click();
    await page.getByText('Authenticate with a client certificate (mTLS)').click();
    await expect(page.getByRole('textbox', { name: 'CA file' })).toBeVisible();
    await expect(page.getByRole('switch', { name: 'Verify host name' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Private key file' })).toBeVisible();
    await app.screenshot('connection-form-tls');
    await page.getByText('SASL_PLAINTEXT', { exact: true }).click();
    await expect(page.getByRole('textbox', { name: 'CA file' })).toHaveCount(0);
    await page.getByText('SASL_PLAINTEXT', { exact: true }).click();
    await page.getByRole('combobox', { name: 'SASL mechanism' }).selectOption('SCRAM-SHA-256');
    await page.getByRole('textbox', { name: 'User name' }).fill(user.username);
    const password = page.getByLabel('Password', { exact: true });
    await password.fill('not-the-password');
    await page.getByRole('button', { name: 'Test' }).click();
    await expect(page.getByText('Connection failed')).toBeVisible();
    await expect(
      page.getByText(/Authentication failed: .*wrong user name or password/).first(),
    ).toBeVisible();

    await password.fill(user.password);
    await page.getByRole('button', { name: 'Test' }).click();
    await expect(page.getByText('Connection works')).toBeVisible();
    await expect(
      page.getByText(
        /^Connected: 1 broker, controller \d+, Apache Kafka 4\.0 or newer, signed in as "erin"\.$/,
      ),
    ).toBeVisible();
    await expect(page.getByText('Signed in as "erin" with SCRAM-SHA-256.')).toBeVisible();
    await app.screenshot('connection-form-tested');
    await page.getByRole('button', { name: 'Save' }).click();

    // Switch to it from the list: no restart, the header says where the console looks.
    const row = page.getByRole('listitem', { name: 'Apache Kafka peer' });
    await expect(row).toContainText(peer.bootstrap);
    await app.screenshot('connections-list');

    // Test it again from the list, then edit it: a password left blank keeps the saved one.
    await row.getByRole('button', { name: 'Test' }).click();
    await expect(page.getByRole('heading', { name: 'Test of Apache Kafka peer' })).toBeVisible();
    await expect(page.getByText('Connection works')).toBeVisible();
    await row.getByRole('button', { name: 'Edit' }).click();
    await expect(page.getByRole('textbox', { name: 'User name' })).toHaveValue(user.username);
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    await page.getByRole('textbox', { name: 'Client id' }).fill('brokerlab-e2e-console');
    await page.getByRole('button', { name: 'Test' }).click();
    await expect(page.getByText('Connection works')).toBeVisible();
    await app.screenshot('connection-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: 'Use' }).click();
    await expect(page.getByRole('combobox', { name: 'Connection' })).toHaveValue(/\d+/);
    await expect(page.getByRole('combobox', { name: 'Connection' }).locator('option:checked')).toHaveText(
      'Apache Kafka peer',
    );
    await expect(page.getByText('Controller', { exact: true })).toBeVisible();
    await expect(page.getByText(/Brokers\s*1\/1/)).toBeVisible();
    await app.screenshot('remote-overview');

    // Browse the topic with a filter.
    await app.open(`/topics/${topic}/messages`);
    const grid = page.getByRole('grid', { name: 'Records' });
    await expect(grid).toContainText('40 records · end of the topic');
    await page.getByRole('button', { name: /^Filters/ }).click();
    await page.getByRole('combobox', { name: 'Value condition' }).selectOption({ label: 'contains' });
    await page.getByRole('textbox', { name: 'Value text' }).fill('refunded');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const rows = grid.locator('.body [role=row]');
    await expect(rows).toHaveCount(4);
    await expect(grid).toContainText('4 records matched, 40 examined');
    await app.screenshot('remote-messages-filtered');

    // A real consumer group on the peer: reads everything, pauses while more arrives.
    let consumed = 0;
    const consumer = kafka.consumer({ groupId, heartbeatInterval: 500, sessionTimeout: 10_000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommitInterval: 200, eachMessage: async () => void consumed++ });
    try {
      await expect.poll(() => consumed, { timeout: 60_000 }).toBe(40);
      await app.open(`/groups/${groupId}`);
      const chart = page.getByRole('img', { name: /^Lag over time/ });
      await expect(chart).toHaveAccessibleName('Lag over time, now 0', { timeout: 30_000 });
      consumer.pause([{ topic }]);
      await send(60, 40);
      await expect(chart).toHaveAccessibleName('Lag over time, now 60', { timeout: 30_000 });
      await expect(page.locator('canvas')).toBeVisible();
      await app.screenshot('remote-group-lag');
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }

    // Faults belong to the embedded cluster: the view says so instead of failing.
    await app.navigate('Faults');
    await expect(page.getByText('Faults are local-only')).toBeVisible();
    await app.screenshot('remote-faults-local-only');

    // Back to the embedded cluster, and the saved connection can be removed.
    await app.open('/connections');
    await page
      .getByRole('listitem', { name: 'Embedded cluster' })
      .getByRole('button', { name: 'Use' })
      .click();
    // Choosing a connection goes on to its overview.
    await expect(page).toHaveURL(/#\/overview$/);
    await app.open('/connections');
    await page
      .getByRole('listitem', { name: 'Apache Kafka peer' })
      .getByRole('button', { name: 'Remove' })
      .click();
    await page.getByRole('button', { name: 'Remove connection' }).click();
    await expect(page.getByRole('listitem', { name: 'Apache Kafka peer' })).toHaveCount(0);
  });
});
