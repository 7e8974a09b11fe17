/**
 * A client of a Confluent-compatible schema registry's REST API, for the console and the
 * `schemas` verbs. A refusal becomes an ApiError (NOT_FOUND, CONFLICT for an incompatible schema,
 * INVALID_INPUT for an invalid schema or version) with the registry's error code and message; an
 * unreachable registry is UNAVAILABLE.
 */
import { ApiError, type ApiErrorCode } from '../api/errors.js';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

function errorCode(status: number): ApiErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 422 || status === 400) return 'INVALID_INPUT';
  return 'UNAVAILABLE';
}

export class RegistryRestClient {
  constructor(readonly url: string) {}

  async call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.url.replace(/\/+$/, '')}${path}`, {
        method,
        headers: { accept: CONTENT_TYPE, ...(body === undefined ? {} : { 'content-type': CONTENT_TYPE }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(30_000)]) : AbortSignal.timeout(30_000),
      });
    } catch (err) {
      const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
      throw new ApiError('UNAVAILABLE', `the schema registry at ${this.url} cannot be reached: ${cause}`);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: the status says enough
    }
    if (!response.ok) {
      const refusal = parsed as { error_code?: number; message?: string } | null;
      const code = refusal?.error_code ?? response.status;
      throw new ApiError(
        errorCode(response.status),
        `the schema registry refused (${code}): ${refusal?.message ?? `HTTP ${response.status}`}`,
      );
    }
    return parsed as T;
  }
}

export const subjectPath = (subject: string) => `/subjects/${encodeURIComponent(subject)}`;
