/**
 * A small client of a Confluent-compatible schema registry's REST API for the `schemas` verbs.
 * The registry is --registry URL, else the running embedded cluster's (its control.json names
 * it). Refusals become one CLI line with the registry's own error code and message.
 */
import { readControlFile } from '../../control/control-file.js';
import { CliError } from '../errors.js';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export interface RegistryOptions {
  readonly registry?: string;
  readonly dataDir: string;
}

export function registryUrl(options: RegistryOptions): string {
  if (options.registry) return options.registry.replace(/\/+$/, '');
  let control;
  try {
    control = readControlFile(options.dataDir);
  } catch (err) {
    throw new CliError(`${(err as Error).message}; or name a registry with --registry URL`);
  }
  if (!control.registry) {
    throw new CliError('the running cluster does not name a schema registry; name one with --registry URL');
  }
  return control.registry;
}

/** A refusal from the registry, with its `error_code` (40401, 409, 42201, ...). */
export class RegistryRefusal extends CliError {
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
  ) {
    super(`the schema registry refused (${errorCode}): ${message}`);
  }
}

export class RegistryClient {
  constructor(readonly url: string) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: { accept: CONTENT_TYPE, ...(body === undefined ? {} : { 'content-type': CONTENT_TYPE }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
      throw new CliError(`cannot reach the schema registry at ${this.url}: ${cause}`);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: keep the text for the message.
    }
    if (!response.ok) {
      const error = parsed as { error_code?: number; message?: string };
      throw new RegistryRefusal(
        response.status,
        error?.error_code ?? response.status,
        error?.message ?? `HTTP ${response.status}`,
      );
    }
    return parsed as T;
  }
}

export const subjectPath = (subject: string) => `/subjects/${encodeURIComponent(subject)}`;
