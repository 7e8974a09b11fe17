/**
 * The client verbs (topics, produce, consume, groups) as a user runs them, against Apache Kafka:
 * in-process through the CLI frame for most cases, and as a spawned `brokerlab` process for the
 * unreachable-cluster, stdin and exit-code cases.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { verbs } from '../../../host/cli/commands/index.js';
import { runCli } from '../../../host/cli/program.js';
import { kafkaAvailable, kafkaSkipNote, useKafkaPeer } from '../kafka-peer.js';
import { testIo } from './cli-io.js';

const main = new URL('../../../host/cli/main.ts', import.meta.url).pathname;

async function cli(args: string[], options: { bootstrap?: string; stdin?: string[] } = {}) {
  const io = testIo(options.bootstrap ? { BROKERLAB_BOOTSTRAP: options.bootstrap } : {});
  const withInput = options.stdin ? { ...io, stdin: Readable.from(options.stdin) } : io;
  const code = await runCli(args, withInput, verbs);
  return { code, out: io.out(), err: io.err() };
}

/** Runs `brokerlab` as a process; resolves with its exit code, output and how long it took. */
function spawnCli(args: string[], env: NodeJS.ProcessEnv, stdin?: string) {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (err += d));
  child.stdin.end(stdin ?? '');
  return new Promise<{ code: number | null; out: string; err: string; ms: number }>((resolve) =>
    child.on('close', (code) => resolve({ code, out, err, ms: Date.now() - started })),
  );
}

describe('client verbs without a cluster', () => {
  it('fail within 5 s with one line when the bootstrap server cannot be reached', async () => {
    // A port that was free a moment ago: connection refused.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const result = await spawnCli(['topics', 'list', '--bootstrap', `127.0.0.1:${port}`], {});
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(5_000 + 3_000); // 5 s budget plus the process's own start
    expect(result.err).toBe(`brokerlab: cannot connect to 127.0.0.1:${port}: connection refused\n`);
    expect(result.out).toBe('');
  });

  it('refuse bad arguments with exit 2 and one line', async () => {
    const cases: [string[], RegExp][] = [
      [['topics', 'create'], /missing required argument 'name'/],
      [['topics', 'create', 'x', '--partitions', '0'], /expected a number from 1 to 100000/],
      [['topics', 'create', 'bad name!'], /a topic name uses only letters, digits/],
      [['produce', 't', '--acks', 'maybe'], /Allowed choices are all, leader, none, -1, 1, 0/],
      [['consume', 't', '--format', 'xml'], /Allowed choices are value, key-value, json/],
      [['consume', 't', '--group', 'g', '--partition', '1'], /cannot be used with --group/],
      [['groups', 'reset-offsets', 'g'], /give exactly one of --to-earliest/],
      [['groups', 'reset-offsets', 'g', '--to-datetime', 'yesterday'], /expected an ISO date-time/],
      [['topics', 'list', '--bootstrap', 'nope'], /bad bootstrap server "nope"/],
      [['topics', 'list', '--config', 'security.protocol=TLS'], /security.protocol is PLAINTEXT, SSL/],
      [['topics', 'list', '--config', 'nonsense'], /--config takes key=value/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toMatch(message);
      expect(result.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe.skipIf(!kafkaAvailable)(`client verbs against Apache Kafka${kafkaSkipNote}`, () => {
  const peer = useKafkaPeer({ nodes: 1 });
  const run = (args: string[], stdin?: string[]) =>
    cli(args, { bootstrap: peer().bootstrap, ...(stdin ? { stdin } : {}) });

  it('topics: create with configs, list, describe, alter-config, delete', async () => {
    const created = await run([
      'topics',
      'create',
      'cli-topic',
      '--partitions',
      '3',
      '--replication-factor',
      '1',
      '--config',
      'retention.ms=3600000',
    ]);
    expect(created).toMatchObject({
      code: 0,
      out: 'created topic cli-topic (3 partitions, replication factor 1)\n',
    });
    const exists = await run(['topics', 'create', 'cli-topic']);
    expect(exists).toMatchObject({ code: 1, err: 'brokerlab: topic "cli-topic" already exists\n' });

    const list = JSON.parse((await run(['topics', 'list', '--json'])).out) as {
      name: string;
      partitions: number;
      retentionMs: number;
    }[];
    expect(list.find((t) => t.name === 'cli-topic')).toMatchObject({ partitions: 3, retentionMs: 3_600_000 });
    const table = await run(['topics', 'list']);
    expect(table.out).toMatch(/^TOPIC\s+PARTITIONS\s+RF\s+MESSAGES\s+SIZE\s+RETENTION\s+CLEANUP$/m);
    expect(table.out).toMatch(/^cli-topic\s+3\s+1\s+0\s+0 B\s+1 h\s+delete$/m);

    const described = await run(['topics', 'describe', 'cli-topic']);
    expect(described.out).toContain('configs set on the topic:\n  retention.ms=3600000');

    const altered = await run([
      'topics',
      'alter-config',
      'cli-topic',
      '--config',
      'cleanup.policy=compact',
      '--delete-config',
      'retention.ms',
      '--partitions',
      '4',
    ]);
    expect(altered).toMatchObject({
      code: 0,
      out: 'topic cli-topic: cleanup.policy=compact, retention.ms removed, 4 partitions\n',
    });
    const after = JSON.parse((await run(['topics', 'describe', 'cli-topic', '--json'])).out) as {
      partitions: unknown[];
      configs: { name: string; source: string; value: string }[];
    };
    expect(after.partitions).toHaveLength(4);
    expect(after.configs.filter((c) => c.source === 'topic').map((c) => `${c.name}=${c.value}`)).toEqual([
      'cleanup.policy=compact',
    ]);

    expect(await run(['topics', 'delete', 'cli-topic'])).toMatchObject({
      code: 0,
      out: 'deleted topic cli-topic\n',
    });
    expect(await run(['topics', 'describe', 'cli-topic'])).toMatchObject({
      code: 1,
      err: 'brokerlab: there is no topic "cli-topic"\n',
    });
  });

  it('produce reads lines with keys and headers; consume prints them back exactly', async () => {
    await run(['topics', 'create', 'lines', '--partitions', '2']);
    const lines = ['user-1:{"n":1}', 'user-2:{"n":2}', 'user-1:héllo wörld', 'user-3:', 'user-2:a:b:c'];
    const produced = await run(
      ['produce', 'lines', '--key-separator', ':', '--header', 'source=cli', '--header', 'v=2', '--json'],
      [lines.join('\n') + '\n'],
    );
    expect(produced.code).toBe(0);
    expect(JSON.parse(produced.out)).toMatchObject({ topic: 'lines', produced: 5 });

    const consumed = await run(['consume', 'lines', '--from-beginning', '--max', '5', '--format', 'json']);
    expect(consumed.code).toBe(0);
    const records = consumed.out
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            partition: number;
            offset: number;
            key: { data: string };
            value: { data: string };
            headers: { key: string; value: { data: string } }[];
          },
      );
    const got = records
      .sort((a, b) => a.partition - b.partition || a.offset - b.offset)
      .map((r) => `${r.key.data}:${r.value.data}`);
    // Per key, order is kept (one key → one partition).
    for (const key of ['user-1', 'user-2', 'user-3']) {
      expect(got.filter((g) => g.startsWith(`${key}:`))).toEqual(
        lines.filter((l) => l.startsWith(`${key}:`)),
      );
    }
    expect(records[0]!.headers).toEqual([
      { key: 'source', value: { encoding: 'utf8', data: 'cli' } },
      { key: 'v', value: { encoding: 'utf8', data: '2' } },
    ]);

    const one = await run([
      'consume',
      'lines',
      '--partition',
      String(records[0]!.partition),
      '--offset',
      '0',
      '--max',
      '1',
      '--format',
      'key-value',
    ]);
    expect(one.out).toBe(`${records[0]!.key.data}\t${records[0]!.value.data}\n`);
    const idle = await run(['consume', 'lines', '--timeout-ms', '300']);
    expect(idle).toMatchObject({ code: 0, out: '' });
    const missing = await run(['produce', 'no-such-topic'], ['x\n']);
    expect(missing).toMatchObject({ code: 1, err: 'brokerlab: topic "no-such-topic" does not exist\n' });
  });

  it('produce and consume as processes, piping stdin', async () => {
    await run(['topics', 'create', 'piped', '--partitions', '1']);
    const env = { BROKERLAB_BOOTSTRAP: peer().bootstrap };
    const produced = await spawnCli(['produce', 'piped', '--key', 'k'], env, 'one\ntwo\nthree\n');
    expect(produced).toMatchObject({ code: 0, out: 'produced 3 records to piped\n', err: '' });
    const consumed = await spawnCli(['consume', 'piped', '--from-beginning', '--max', '3'], env);
    expect(consumed).toMatchObject({ code: 0, out: 'one\ntwo\nthree\n' });
  });

  it('groups: consume --group commits; describe, list, reset-offsets and delete', async () => {
    await run(['topics', 'create', 'jobs', '--partitions', '2']);
    await run(
      ['produce', 'jobs', '--key-separator', '='],
      [Array.from({ length: 10 }, (_, i) => `k${i}=job ${i}`).join('\n')],
    );
    const first = await run(['consume', 'jobs', '--group', 'cli-workers', '--from-beginning', '--max', '4']);
    expect(first.out.trim().split('\n')).toHaveLength(4);

    const described = await run(['groups', 'describe', 'cli-workers', '--json']);
    const offsets = JSON.parse(described.out) as {
      topic: string;
      partition: number;
      committedOffset: number | null;
      logEndOffset: number;
      lag: number | null;
      member: string | null;
    }[];
    expect(offsets.map((o) => Object.keys(o).sort())).toEqual(
      offsets.map(() => ['committedOffset', 'lag', 'logEndOffset', 'member', 'partition', 'topic']),
    );
    // The group committed what it printed; an empty group owns nothing.
    expect(offsets.reduce((n, o) => n + (o.committedOffset ?? 0), 0)).toBe(4);
    expect(offsets.every((o) => o.member === null && o.lag === o.logEndOffset - o.committedOffset!)).toBe(
      true,
    );

    // Partitions without a committed offset start from the beginning again (--from-beginning).
    const second = await run(['consume', 'jobs', '--group', 'cli-workers', '--from-beginning', '--max', '6']);
    expect(second.out.trim().split('\n').sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `job ${i}`)
        .filter((j) => !first.out.includes(`${j}\n`))
        .sort(),
    );

    const listed = await run(['groups', 'list']);
    expect(listed.out).toMatch(/^cli-workers\s+Empty\s+0\s+0\s+1$/m);
    const dry = await run([
      'groups',
      'reset-offsets',
      'cli-workers',
      '--topic',
      'jobs',
      '--to-earliest',
      '--dry-run',
    ]);
    expect(dry.out).toContain('dry run: nothing was changed');
    const reset = await run(['groups', 'reset-offsets', 'cli-workers', '--to-offset', '1', '--json']);
    expect(JSON.parse(reset.out).offsets.map((o: { newOffset: number }) => o.newOffset)).toEqual([1, 1]);
    const shifted = await run(['groups', 'reset-offsets', 'cli-workers', '--shift-by', '-5']);
    expect(shifted.out).toMatch(/^jobs\s+0\s+1\s+0$/m);
    const table = await run(['groups', 'describe', 'cli-workers']);
    expect(table.out).toContain('total lag 10');

    expect(await run(['groups', 'delete', 'cli-workers'])).toMatchObject({
      code: 0,
      out: 'deleted group cli-workers\n',
    });
    expect(await run(['groups', 'describe', 'cli-workers'])).toMatchObject({
      code: 1,
      err: 'brokerlab: there is no group "cli-workers"\n',
    });
  });
});
