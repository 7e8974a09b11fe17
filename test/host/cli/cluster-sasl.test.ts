/** `brokerlab cluster --sasl` and `--sasl-user`: what they start the cluster with, and what they refuse. */
import { describe, expect, it } from 'vitest';
import { clusterSasl, saslLine } from '../../../host/cli/commands/cluster-sasl.js';
import { verbs } from '../../../host/cli/commands/index.js';
import { runCli } from '../../../host/cli/program.js';
import { testIo } from './cli-io.js';

describe('cluster SASL options', () => {
  it('leave SASL off unless asked', () => {
    expect(clusterSasl({}, {})).toBeNull();
  });

  it('--sasl alone makes user admin with a fresh random password and prints it', () => {
    const first = clusterSasl({ sasl: true }, {})!;
    const second = clusterSasl({ sasl: true }, {})!;
    expect(first.users).toEqual([{ username: 'admin', password: first.generatedPassword }]);
    expect(first.generatedPassword).toMatch(/^[\w-]{24}$/);
    expect(second.generatedPassword).not.toBe(first.generatedPassword);
    expect(saslLine(first)).toBe(
      `brokerlab sasl mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512 users=admin password=${first.generatedPassword}`,
    );
  });

  it('--sasl-user gives the users; sasl.enabled.mechanisms picks the mechanisms', () => {
    const sasl = clusterSasl(
      { saslUser: [{ username: 'alice', password: 'a:b' }] },
      { 'sasl.enabled.mechanisms': 'SCRAM-SHA-512' },
    )!;
    expect(sasl).toEqual({
      users: [{ username: 'alice', password: 'a:b' }],
      mechanisms: ['SCRAM-SHA-512'],
      generatedPassword: null,
    });
    expect(saslLine(sasl)).toBe('brokerlab sasl mechanisms=SCRAM-SHA-512 users=alice');
  });

  it('refuse a user without a password, a user given twice and an unknown mechanism, before starting', async () => {
    const cases: [string[], RegExp][] = [
      [['--sasl-user', 'alice'], /expected NAME:PASSWORD, got "alice"/],
      [['--sasl-user', 'alice:x', '--sasl-user', 'alice:y'], /user alice is given twice/],
      [['--sasl', '--config', 'sasl.enabled.mechanisms=GSSAPI'], /GSSAPI is not supported/],
    ];
    for (const [args, message] of cases) {
      const io = testIo();
      expect(await runCli(['cluster', '--data-dir', '/nonexistent/brokerlab', ...args], io, verbs)).toBe(2);
      expect(io.err()).toMatch(message);
    }
  });
});
