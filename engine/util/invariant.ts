/**
 * Asserts a state invariant where state moves (log start ≤ high watermark ≤ log end, ...).
 * A failed invariant is a bug in Brokerlab, never bad input: input errors have their own types.
 */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}

export function invariant(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new InvariantError(typeof message === 'function' ? message() : message);
}
