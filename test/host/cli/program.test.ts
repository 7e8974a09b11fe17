import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verbs } from '../../../host/cli/commands/index.js';
import type { Command } from 'commander';
import { createProgram, runCli } from '../../../host/cli/program.js';
import { writeControlFile } from '../../../host/control/control-file.js';
import { startControlEndpoint, type ControlEndpoint } from '../../../host/control/server.js';
import type { ConsoleService } from '../../../host/service/console-service.js';
import { fakeService } from '../fixtures/fake-service.js';
import { testIo } from './cli-io.js';

let dir: string;
let service: ConsoleService;
let control: ControlEndpoint;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-cli-'));
  service = fakeService({ seedRecords: 4 });
  control = await startControlEndpoint({ service });
  await writeControlFile(join(dir, 'running'), {
    url: control.url,
    token: control.token,
    pid: process.pid,
    bootstrap: '127.0.0.1:9092',
    startedAt: new Date().toISOString(),
  });
});
afterAll(async () => {
  await control.close();
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = testIo({ HOME: dir, ...env });
  const code = await runCli(args, io, verbs);
  return { code, out: io.out(), err: io.err() };
}

describe('brokerlab: the frame', () => {
  it('prints help and the version, exit 0', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const verb of ['cluster', 'serve', 'status', 'broker', 'net']) expect(help.out).toContain(verb);
    const version = await run(['--version']);
    expect(version).toMatchObject({ code: 0, out: '0.1.0\n' });
    const verbHelp = await run(['net', 'isolate', '--help']);
    expect(verbHelp.out).toContain('--from <whom>');
    expect(verbHelp.code).toBe(0);
  });

  it('has --help on every verb, exit 0, naming the verb in its usage line', async () => {
    const paths: string[][] = [];
    const walk = (command: Command, path: string[]) => {
      for (const sub of command.commands) {
        if (sub.name() === 'help') continue;
        paths.push([...path, sub.name()]);
        walk(sub, [...path, sub.name()]);
      }
    };
    walk(createProgram(testIo(), verbs), []);
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const help = await run([...path, '--help']);
      expect(help.code, path.join(' ')).toBe(0);
      expect(help.out, path.join(' ')).toContain(`Usage: brokerlab ${path.join(' ')}`);
      expect(help.out, path.join(' ')).toContain('-h, --help');
      expect(help.err, path.join(' ')).toBe('');
    }
  });

  it('shows help and exits 2 when given nothing', async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.out).toContain('Usage: brokerlab');
  });

  it('refuses bad arguments in one line naming the command, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /^brokerlab: unknown command 'frobnicate' \(see `brokerlab --help`\)\n$/],
      [
        ['stauts'],
        /^brokerlab: unknown command 'stauts' \(Did you mean status\?\) \(see `brokerlab --help`\)\n$/,
      ],
      [
        ['broker', 'kill'],
        /^brokerlab: missing required argument 'id' \(see `brokerlab broker kill --help`\)\n$/,
      ],
      [
        ['broker', 'kill', 'two'],
        /^brokerlab: .*'two' is invalid for argument 'id'\. expected a whole number, got "two" \(see `brokerlab broker kill --help`\)\n$/,
      ],
      [['broker', 'kill', '1', '--bogus'], /^brokerlab: unknown option '--bogus'/],
      [['net', 'isolate', '1', '--from', 'everyone'], /expected one of brokers, clients, all/],
      [['net', 'delay', '1', '0'], /expected a number from 1 to 60000, got 0/],
      [['cluster', '--host', '0.0.0.0'], /loopback addresses only/],
      [['cluster', '--brokers', '0'], /expected a number from 1 to 32, got 0/],
      [
        ['cluster', '--port', '65535', '--brokers', '3'],
        /^brokerlab: ports 65535\.\.65537 do not fit below 65536\n$/,
      ],
      [['serve', '--port', 'http'], /expected a whole number/],
      [['cluster', '--config', 'auto.create.topics.enable'], /^brokerlab: --config takes key=value/],
      [
        ['cluster', '--config', 'auto.create.topics.enable=maybe'],
        /^brokerlab: --config: auto\.create\.topics\.enable must be true or false, not maybe\n$/,
      ],
      [
        ['serve', '--config', 'no.such.setting=1'],
        /^brokerlab: --config: Unknown broker config no\.such\.setting\n$/,
      ],
    ];
    for (const [args, expected] of cases) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toMatch(expected);
      expect(result.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('brokerlab: cluster verbs over the control endpoint', () => {
  const running = () => ['--data-dir', join(dir, 'running')];

  it('status shows brokers, controller, partitions and faults; --json gives the snapshot', async () => {
    const human = await run(['status', ...running()]);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(
      /^cluster fake-cluster · controller 1 · 3\/3 brokers up · 0 under-replicated · 0 offline/,
    );
    expect(human.out).toMatch(/BROKER\s+STATE\s+ADDRESS\s+ROLE\n\s*1\s+up\s+127\.0\.0\.1:9092\s+controller/);
    expect(human.out).toMatch(/orders\s+2\s+3\s+1,2,3\s+1,2,3\s+1/);
    const json = await run(['status', '--json', ...running()]);
    expect(JSON.parse(json.out)).toMatchObject({
      clusterId: 'fake-cluster',
      brokers: [{ id: 1 }, { id: 2 }, { id: 3 }],
      faults: [],
    });
  });

  it('kills, starts, isolates, delays and heals', async () => {
    expect((await run(['broker', 'kill', '2', ...running()])).out).toMatch(
      /^broker 2 killed \(f\d+; `brokerlab broker start 2` restarts it\)\n$/,
    );
    expect((await run(['status', ...running()])).out).toMatch(/2\s+down/);
    expect((await run(['net', 'isolate', '3', '--from', 'clients', ...running()])).out).toMatch(
      /^broker 3 isolated from clients/,
    );
    const delay = await run(['net', 'delay', '1', '200', '--json', ...running()]);
    expect(JSON.parse(delay.out)).toMatchObject({ kind: 'delay', brokerId: 1 });
    const healed = await run(['net', 'heal', ...running()]);
    expect(healed.out.trim().split('\n')).toHaveLength(2);
    // net heal leaves the killed broker down
    expect((await run(['status', ...running()])).out).toMatch(/2\s+down/);
    expect((await run(['net', 'heal', ...running()])).out).toBe('no network faults to heal\n');
    expect((await run(['broker', 'start', '2', ...running()])).out).toBe('broker 2 started\n');
    expect((await run(['broker', 'start', '2', ...running()])).out).toBe('broker 2 was already running\n');
  });

  it('reaches the endpoint with --control and the token from the environment', async () => {
    const result = await run(['status', '--json', '--control', control.url], {
      BROKERLAB_CONTROL_TOKEN: control.token,
    });
    expect(result.code).toBe(0);
    const wrong = await run(['status', '--control', control.url], { BROKERLAB_CONTROL_TOKEN: 'nope' });
    expect(wrong).toMatchObject({ code: 1 });
    expect(wrong.err).toMatch(/^brokerlab: a valid token is required/);
  });

  it('fails in one line, exit 1, when no cluster runs', async () => {
    const missing = await run(['status', '--data-dir', join(dir, 'nothing')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(
      `brokerlab: no running cluster found: ${join(dir, 'nothing', 'control.json')} does not exist (start one with \`brokerlab cluster\`)\n`,
    );
    const started = Date.now();
    const dead = await run(['broker', 'kill', '1', '--control', 'http://127.0.0.1:9'], {
      BROKERLAB_CONTROL_TOKEN: 't',
    });
    expect(dead.code).toBe(1);
    expect(dead.err).toMatch(/^brokerlab: cannot reach the control endpoint at http:\/\/127\.0\.0\.1:9: /);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("defaults --data-dir to the user's data directory", async () => {
    const result = await run(['status'], { XDG_DATA_HOME: join(dir, 'xdg') });
    expect(result.err).toContain(join(dir, 'xdg', 'brokerlab', 'control.json'));
  });
});
