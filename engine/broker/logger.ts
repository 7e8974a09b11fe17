/**
 * Where a broker's network and request layer reports what an operator should see: protocol
 * errors (once per connection, with API key, version, correlation id and client id), refused
 * connections and handler bugs. Nothing is logged per request on the happy path.
 */
export interface BrokerLogger {
  /** Something a client did wrong, or a limit that was enforced. */
  warn(message: string): void;
  /** A bug in Brokerlab (an exception a handler did not expect). */
  error(message: string, cause?: unknown): void;
}

/** Writes to the process's stderr, prefixed with the broker's id. */
export function consoleLogger(brokerId: number): BrokerLogger {
  const prefix = `[broker ${brokerId}]`;
  return {
    warn: (message) => console.warn(`${prefix} ${message}`),
    error: (message, cause) =>
      cause === undefined
        ? console.error(`${prefix} ${message}`)
        : console.error(`${prefix} ${message}`, cause),
  };
}

/** Drops everything; for tests that provoke errors on purpose. */
export const silentLogger: BrokerLogger = { warn: () => {}, error: () => {} };
