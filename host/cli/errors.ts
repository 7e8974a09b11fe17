/**
 * How the CLI fails: one line on stderr, `brokerlab: <what went wrong>`, and a non-zero exit —
 * 2 for bad arguments (usage), 1 for everything else (an unreachable cluster, a refused request).
 */
import { ApiError } from '../api/errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A failure a command reports in words; `usage` marks bad arguments. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}

/** The one line and the exit code for anything a command threw. */
export function describeFailure(err: unknown): { line: string; exitCode: number } {
  if (err instanceof CliError) return { line: err.message, exitCode: err.exitCode };
  if (err instanceof ApiError) {
    return { line: err.message, exitCode: err.code === 'INVALID_INPUT' ? EXIT_USAGE : EXIT_FAILURE };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { line: message.split('\n')[0] || 'failed', exitCode: EXIT_FAILURE };
}
