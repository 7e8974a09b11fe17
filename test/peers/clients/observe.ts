/** Helpers for the Node client drivers: errors and config sources as observations, retried reads. */

/** Kafka's code when the error carries a broker error code, else `client:` and its name. */
export function nodeErrorName(error: unknown): string {
  const e = error as {
    code?: unknown;
    apiCode?: unknown;
    type?: unknown;
    name?: string;
    errors?: unknown[];
    cause?: unknown;
  };
  // kafkajs wraps per-topic failures (KafkaJSAggregateError) and retries (KafkaJSNumberOfRetriesExceeded).
  if (Array.isArray(e.errors) && e.errors.length > 0) return nodeErrorName(e.errors[0]);
  // kafkajs puts a broker error code in `code`, @platformatic/kafka in `apiCode`.
  if (typeof e.code === 'number') return `code:${e.code}`;
  if (typeof e.apiCode === 'number') return `code:${e.apiCode}`;
  if (e.cause !== undefined && e.cause !== null) return nodeErrorName(e.cause);
  if (typeof e.type === 'string') return `client:${e.type}`;
  if (typeof e.code === 'string') return `client:${e.code}`;
  return `client:${e.name ?? 'Error'}`;
}

/** "ok", or the error's name. */
export async function outcome(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
    return 'ok';
  } catch (error) {
    return nodeErrorName(error);
  }
}

/** Retries a read for up to 10 s while metadata reaches the broker it asks. */
export async function retry<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean = () => true,
): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const value = await read();
      if (accept(value) || Date.now() > deadline) return value;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Kafka's names of DescribeConfigs sources, by number (ConfigSource in Kafka's admin API). */
const configSources = [
  'UNKNOWN',
  'DYNAMIC_TOPIC_CONFIG',
  'DYNAMIC_BROKER_CONFIG',
  'DYNAMIC_DEFAULT_BROKER_CONFIG',
  'STATIC_BROKER_CONFIG',
  'DEFAULT_CONFIG',
  'DYNAMIC_BROKER_LOGGER_CONFIG',
  'CLIENT_METRICS_CONFIG',
  'GROUP_CONFIG',
];

export function configSourceName(source: number): string {
  return configSources[source] ?? `UNKNOWN(${source})`;
}

/**
 * The end of the admin scenario for clients that list and delete topics themselves: whether the
 * new topic is listed (waiting for metadata to catch up), how deleting it went, and whether it is
 * still listed once the delete has had time to show.
 */
export async function listDeleteAndList(
  topic: string,
  listTopics: () => Promise<string[]>,
  deleteTopic: () => Promise<unknown>,
): Promise<{ listedAfterCreate: boolean; deleted: string; listedAfterDelete: boolean }> {
  const listedAfterCreate = (await retry(listTopics, (names) => names.includes(topic))).includes(topic);
  const deleted = await outcome(deleteTopic);
  const listedAfterDelete = (await retry(listTopics, (names) => !names.includes(topic))).includes(topic);
  return { listedAfterCreate, deleted, listedAfterDelete };
}
