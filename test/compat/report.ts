/** Renders a compatibility run (results.ts) as docs/compatibility.md. */
import { knownDifferences } from './known-differences.js';
import { notRun, type CellResult, type CompatResults } from './results.js';

const kafkaMarks = { pass: '✓', fail: '✗', skipped: 'skipped', 'n/a': '–' } as const;
const brokerlabMarks = { match: '=', known: '≈', differs: '≠', skipped: 'skipped', 'n/a': '–' } as const;

function cellText(cell: CellResult | undefined): string {
  if (!cell || cell.kafka === 'n/a') return '–';
  return `${kafkaMarks[cell.kafka]} / ${brokerlabMarks[cell.brokerlab]}`;
}

const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderCompatibility(results: CompatResults): string {
  const clients = Object.keys(results.clients);
  const scenarioNames = Object.keys(results.scenarios);
  const find = (scenario: string, client: string) =>
    results.cells.find((c) => c.scenario === scenario && c.client === client);
  const lines: string[] = [
    '# Compatibility with Apache Kafka',
    '',
    'Generated from the last run of the compatibility suite (`npx vitest run test/compat`, then',
    '`npm run compat:doc`); do not edit by hand. Every scenario runs with every client against',
    'Apache Kafka and against Brokerlab, three brokers each, and compares what the client observed.',
    'Known differences, with their reasons, live in `test/compat/known-differences.ts`.',
    '',
    `Run of ${results.date} on ${results.machine}.`,
    '',
    '| cluster | version |',
    '| --- | --- |',
    `| Apache Kafka | ${escape(results.kafka)} |`,
    `| Brokerlab | ${escape(results.brokerlab)} |`,
    '',
    '| client | version |',
    '| --- | --- |',
    ...clients.map((c) => `| ${c} | ${escape(results.clients[c] ?? '')} |`),
    '',
    '## Results',
    '',
    'Each cell: the scenario against Apache Kafka (✓ as expected, ✗ not as expected) / Brokerlab',
    'compared with Apache Kafka (= the same, ≈ only known differences, ≠ differs). – means the',
    'client has no such scenario (kcat has no admin operations, for one).',
    '',
    `| scenario | ${clients.join(' | ')} |`,
    `| --- | ${clients.map(() => '---').join(' | ')} |`,
    ...scenarioNames.map((s) => `| ${s} | ${clients.map((c) => cellText(find(s, c))).join(' | ')} |`),
    '',
    '## Scenarios',
    '',
    ...scenarioNames.map((s) => `- **${s}**: ${results.scenarios[s]}`),
    '',
  ];
  if (results.brokerlab.startsWith(notRun)) {
    lines.push(
      `Brokerlab was not compared in this run: ${escape(results.brokerlab.slice(notRun.length))}.`,
      '',
    );
  }
  lines.push('## Known differences', '');
  if (knownDifferences.length === 0) lines.push('None.', '');
  else {
    lines.push('| scenario | client | path | reason | seen in this run |', '| --- | --- | --- | --- | --- |');
    for (const k of knownDifferences) {
      const seen = results.cells.some(
        (c) => c.scenario === k.scenario && c.differences.some((d) => d.reason === k.reason),
      );
      lines.push(
        `| ${k.scenario} | ${k.client} | \`${k.path}\` | ${escape(k.reason)} | ${seen ? 'yes' : 'no'} |`,
      );
    }
    lines.push('');
  }
  const unexplained = results.cells.flatMap((c) =>
    c.differences.filter((d) => d.reason === undefined).map((d) => ({ cell: c, d })),
  );
  const failures = results.cells.filter((c) => c.kafka === 'fail');
  if (unexplained.length > 0 || failures.length > 0) {
    lines.push('## Open differences and failures', '');
    for (const { cell, d } of unexplained) {
      lines.push(
        `- ${cell.scenario} / ${cell.client}: \`${d.path || '(whole observation)'}\` Kafka ${escape(d.kafka)}, Brokerlab ${escape(d.brokerlab)}`,
      );
    }
    for (const cell of failures) {
      lines.push(
        `- ${cell.scenario} / ${cell.client} against Apache Kafka: ${escape(cell.kafkaProblems.join('; '))}`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
