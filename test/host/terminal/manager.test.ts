import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../host/api/errors.js';
import type { TerminalOutputEvent } from '../../../host/api/schemas/terminals.js';
import { TerminalManager } from '../../../host/terminal/manager.js';
import { launcherScript, shellQuote } from '../../../host/terminal/launcher.js';
import { alive, waitForOutput } from './terminal-helpers.js';

const managers: TerminalManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.closeAll()));
});

function manager(): TerminalManager {
  const m = new TerminalManager({ shell: '/bin/bash' });
  managers.push(m);
  return m;
}

const size = { cols: 100, rows: 30 };

describe('terminals', () => {
  it('start the shell with BROKERLAB_BOOTSTRAP and the brokerlab launcher first on PATH', async () => {
    const m = manager();
    const t = await m.open('127.0.0.1:29092,127.0.0.1:29093', size);
    expect(t).toMatchObject({ id: 't1', shell: '/bin/bash', state: 'running', exitCode: null });
    const follow = (l: (e: TerminalOutputEvent) => void) => m.get(t.id).subscribe(l);
    // The typed line echoes with the variable's name; only the expanded value matches.
    m.write(t.id, 'printf "BOOT=%s\\n" "$BROKERLAB_BOOTSTRAP"; command -v brokerlab\r');
    await waitForOutput(follow, /BOOT=127\.0\.0\.1:29092,127\.0\.0\.1:29093/);
    const [, launcher] = await waitForOutput(follow, /(\/\S*brokerlab-bin-\S+\/brokerlab)\r?\n/);
    const script = readFileSync(launcher!, 'utf8');
    expect(script).toContain(shellQuote(process.execPath));
    expect(script).toMatch(/bin\/brokerlab\.js' "\$@"/);
  });

  it('close ends the shell and the jobs it started', async () => {
    const m = manager();
    const t = await m.open('127.0.0.1:9092', size);
    const follow = (l: (e: TerminalOutputEvent) => void) => m.get(t.id).subscribe(l);
    m.write(t.id, 'sleep 600 & echo "JOB=$!"\r');
    const [, job] = await waitForOutput(follow, /JOB=(\d+)/);
    expect(alive(t.pid)).toBe(true);
    expect(alive(Number(job))).toBe(true);
    await m.close(t.id);
    expect(alive(t.pid)).toBe(false);
    // The job has its own process group; the shell passes the hangup on before it exits.
    await expect.poll(() => alive(Number(job))).toBe(false);
    expect(m.list()).toEqual([]);
    expect(() => m.get(t.id)).toThrow(ApiError);
  });

  it('reports the exit, replays output to late subscribers, and refuses keystrokes after it', async () => {
    const m = manager();
    const t = await m.open('127.0.0.1:9092', size);
    const exit = new Promise<TerminalOutputEvent>((resolve) =>
      m.get(t.id).subscribe((e) => e.type === 'exit' && resolve(e)),
    );
    m.write(t.id, 'echo "BYE-$((40 + 2))"; exit 3\r');
    await expect(exit).resolves.toEqual({ type: 'exit', exitCode: 3, signal: null });
    expect(m.list()).toEqual([expect.objectContaining({ id: t.id, state: 'exited', exitCode: 3 })]);
    const late: TerminalOutputEvent[] = [];
    m.get(t.id).subscribe((e) => late.push(e));
    expect(late[0]).toMatchObject({ type: 'data', data: expect.stringContaining('BYE-42') });
    expect(late.at(-1)).toEqual({ type: 'exit', exitCode: 3, signal: null });
    expect(() => m.write(t.id, 'ls\r')).toThrow(/has exited/);
  });

  it('keeps the last scrollbackChars of output for late subscribers, with their offset', async () => {
    const m = new TerminalManager({ shell: '/bin/bash', scrollbackChars: 100 });
    managers.push(m);
    const t = await m.open('127.0.0.1:9092', size);
    const events: TerminalOutputEvent[] = [];
    m.get(t.id).subscribe((e) => events.push(e));
    m.write(t.id, 'printf "%0500d\\nEND-%s\\n" 0 "$((1 + 1))"\r');
    await waitForOutput((l) => m.get(t.id).subscribe(l), /END-2\r?\n/);
    // Live events follow each other without gaps.
    let next = 0;
    for (const e of events) {
      if (e.type !== 'data') continue;
      expect(e.offset).toBe(next);
      next += e.data.length;
    }
    const late: TerminalOutputEvent[] = [];
    m.get(t.id).subscribe((e) => late.push(e));
    expect(late).toHaveLength(1);
    const replay = late[0]!;
    if (replay.type !== 'data') throw new Error('expected the replay');
    expect(replay.data.length).toBeLessThanOrEqual(100);
    expect(replay.offset + replay.data.length).toBeGreaterThanOrEqual(next);
    expect(replay.data).toContain('END-2');
  });

  it('pauses a shell whose viewer falls behind and resumes it as the viewer acknowledges', async () => {
    const limit = 100_000;
    const m = new TerminalManager({ shell: '/bin/bash', unackedLimitChars: limit });
    managers.push(m);
    const t = await m.open('127.0.0.1:9092', size);
    const session = m.get(t.id);
    const total = 3_000_000;
    let received = 0;
    let seen = '';
    let pauses = 0;
    const done = new Promise<void>((resolve) => {
      session.subscribe((e) => {
        if (e.type !== 'data') return;
        received = e.offset + e.data.length;
        seen = (seen + e.data).slice(-64);
        if (/DONE-2/.test(seen)) resolve();
        // The viewer draws only once the host has paused the shell, then catches up at once.
        queueMicrotask(() => {
          if (!session.outputPaused) return;
          pauses++;
          session.ack(received);
        });
      });
    });
    session.ack(0);
    m.write(t.id, `yes x | head -c ${total}; echo "DONE-$((1 + 1))"\r`);
    await done;
    expect(received).toBeGreaterThan(total);
    // Without the pauses the output would have run ahead in a few large batches.
    expect(pauses).toBeGreaterThanOrEqual(total / (limit * 10));
    expect(session.outputPaused).toBe(false);
  });

  it('resizes the pseudo-terminal', async () => {
    const m = manager();
    const t = await m.open('127.0.0.1:9092', size);
    m.resize(t.id, 132, 43);
    m.write(t.id, 'echo "SIZE=$(stty size)"\r');
    await waitForOutput((l) => m.get(t.id).subscribe(l), /SIZE=43 132/);
  });

  it('closeAll ends every shell and refuses new ones', async () => {
    const m = manager();
    const a = await m.open('127.0.0.1:9092', size);
    const b = await m.open('127.0.0.1:9092', size);
    expect(b.id).toBe('t2');
    await m.closeAll();
    expect(alive(a.pid)).toBe(false);
    expect(alive(b.pid)).toBe(false);
    await expect(m.open('127.0.0.1:9092', size)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('quotes paths for the launcher script', () => {
    expect(shellQuote("/opt/it's here/node")).toBe("'/opt/it'\\''s here/node'");
    expect(launcherScript('/usr/bin/node', '/app/bin/brokerlab.js')).toBe(
      "#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec '/usr/bin/node' '/app/bin/brokerlab.js' \"$@\"\n",
    );
  });
});
