/**
 * The `brokerlab` command as a process: exit codes, one-line errors on stderr, and the embedded
 * cluster's life cycle (ready line, control file, status through the control endpoint, graceful
 * stop on SIGTERM with exit 0).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verbs } from '../../../host/cli/commands/index.js';
import { runCli } from '../../../host/cli/program.js';
import { probeMetadata } from '../../peers/kafka/probe.js';
import { freePortRun } from '../../peers/ports.js';
import { testIo } from './cli-io.js';

const main = new URL('../../../host/cli/main.ts', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'brokerlab-cli-process-'));
  dirs.push(dir);
  return dir;
}

function start(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', main, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function finish(child: ChildProcess): Promise<{ code: number | null; out: string; err: string }> {
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (err += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

/** Resolves with the first stdout line that matches. */
function lineMatching(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d;
      const line = buffered.split('\n').find((l) => pattern.test(l));
      if (line) resolve(line);
    });
    child.on('close', (code) => reject(new Error(`exited with ${code} before printing ${pattern}`)));
  });
}

describe('brokerlab as a process', () => {
  it('exits 2 with one line on stderr for bad arguments', async () => {
    const bad = await finish(start(['broker', 'kill', 'two']));
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/^brokerlab: /);
  });

  it('runs a cluster: ready line, status through the control endpoint, SIGTERM stops it with exit 0', async () => {
    const dataDir = tempDir();
    const port = await freePortRun(3);
    const cluster = start(['cluster', '--brokers', '3', '--port', String(port), '--data-dir', dataDir]);
    const done = finish(cluster);
    const ready = await lineMatching(cluster, /^brokerlab ready /);
    expect(ready).toMatch(
      new RegExp(
        `^brokerlab ready bootstrap=127\\.0\\.0\\.1:${port},127\\.0\\.0\\.1:${port + 1},127\\.0\\.0\\.1:${port + 2} control=http://127\\.0\\.0\\.1:\\d+ registry=http://127\\.0\\.0\\.1:\\d+$`,
      ),
    );
    expect(existsSync(join(dataDir, 'control.json'))).toBe(true);

    // The other verbs, in this process, against the running one.
    const status = testIo();
    expect(await runCli(['status', '--json', '--data-dir', dataDir], status, verbs)).toBe(0);
    expect(JSON.parse(status.out()).brokers.map((b: { state: string }) => b.state)).toEqual([
      'up',
      'up',
      'up',
    ]);
    // `schemas` finds the cluster's registry through the same control file.
    const schemaFile = join(dataDir, 'reading.avsc');
    writeFileSync(
      schemaFile,
      JSON.stringify({ type: 'record', name: 'Reading', fields: [{ name: 'v', type: 'int' }] }),
    );
    const registered = testIo();
    expect(
      await runCli(
        ['schemas', 'register', 'readings-value', '--file', schemaFile, '--data-dir', dataDir],
        registered,
        verbs,
      ),
    ).toBe(0);
    expect(registered.out()).toBe('registered readings-value version 1 with id 1\n');
    const listed = testIo();
    expect(await runCli(['schemas', 'list', '--json', '--data-dir', dataDir], listed, verbs)).toBe(0);
    expect(JSON.parse(listed.out())).toEqual([
      { subject: 'readings-value', versions: [1], latestId: 1, schemaType: 'AVRO' },
    ]);
    const second = testIo();
    expect(await runCli(['cluster', '--port', String(port + 10), '--data-dir', dataDir], second, verbs)).toBe(
      1,
    );
    expect(second.err()).toMatch(/^brokerlab: the cluster did not start: a cluster is already running on /);

    cluster.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.err).toContain('SIGTERM: stopping the cluster');
    expect(existsSync(join(dataDir, 'control.json'))).toBe(false);
  }, 60_000);

  it('resumes the cluster found in --data-dir, with broker configs given by --config', async () => {
    const dataDir = tempDir();
    const port = await freePortRun(3);
    const bootstrap = `127.0.0.1:${port}`;
    const cli = async (args: string[]) => {
      const io = testIo();
      const code = await runCli([...args, '--bootstrap', bootstrap], io, verbs);
      return { code, out: io.out(), err: io.err() };
    };
    const runCluster = async (extra: string[]) => {
      const child = start(['cluster', '--port', String(port), '--data-dir', dataDir, ...extra]);
      const done = finish(child);
      await lineMatching(child, /^brokerlab ready /);
      return async () => {
        child.kill('SIGTERM');
        expect((await done).code).toBe(0);
      };
    };

    const stopFirst = await runCluster([]);
    expect(
      await cli(['topics', 'create', 'kept', '--partitions', '2', '--replication-factor', '3']),
    ).toMatchObject({ code: 0 });
    const lines = join(dataDir, 'lines.txt');
    writeFileSync(lines, 'a:1\nb:2\na:3\nc:4\n');
    expect(await cli(['produce', 'kept', '--file', lines, '--key-separator', ':'])).toMatchObject({
      code: 0,
      out: 'produced 4 records to kept\n',
    });
    await stopFirst();

    const stopSecond = await runCluster(['--config', 'auto.create.topics.enable=false']);
    const consumed = await cli([
      'consume',
      'kept',
      '--from-beginning',
      '--max',
      '4',
      '--format',
      'key-value',
    ]);
    expect(consumed.code).toBe(0);
    expect(consumed.out.trim().split('\n').sort()).toEqual(['a\t1', 'a\t3', 'b\t2', 'c\t4']);
    // Metadata v1 always asks for auto-creation; with it off, the broker answers that the topic is unknown.
    const metadata = await probeMetadata('127.0.0.1', port, 5_000, ['not-created']);
    expect(metadata.topics).toEqual([{ name: 'not-created', errorCode: 3, partitions: [] }]);
    expect((await cli(['topics', 'list', '--json'])).out).not.toContain('not-created');
    await stopSecond();
  }, 90_000);
});
