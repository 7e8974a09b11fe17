/**
 * A client of a Confluent-compatible schema registry's REST API, for the console and the
 * `schemas` verbs. A refusal becomes an ApiError (NOT_FOUND, CONFLICT for an incompatible schema,
 * INVALID_INPUT for an invalid schema or version) with the registry's error code and message; an
 * unreachable registry is UNAVAILABLE. A registry may ask for basic auth and, over https, be
 * signed by a CA of its own (undici's fetch with an agent that trusts it).
 */
import { Agent, fetch as undiciFetch } from 'undici';
import { ApiError, type ApiErrorCode } from '../api/errors.js';

/** Where a registry is and how to reach it. */
export interface RegistryEndpoint {
  /** Base URL, a path included (Apicurio: https://host/apis/ccompat/v7). */
  readonly url: string;
  /** Basic auth, when both are given. */
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** PEM text of the CA(s) to trust for https; absent: the system's. */
  readonly ca?: string | undefined;
}

/** Same endpoint, same key: for caches of decoders per registry. */
export const endpointKey = (e: RegistryEndpoint): string =>
  JSON.stringify([e.url, e.username ?? null, e.password ?? null, e.ca ?? null]);

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

function errorCode(status: number): ApiErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 422 || status === 400) return 'INVALID_INPUT';
  return 'UNAVAILABLE';
}

export class RegistryRestClient {
  readonly endpoint: RegistryEndpoint;
  private readonly authorization: string | null;
  private readonly agent: Agent | null;

  constructor(endpoint: string | RegistryEndpoint) {
    this.endpoint = typeof endpoint === 'string' ? { url: endpoint } : endpoint;
    const { username, password, ca } = this.endpoint;
    this.authorization =
      username !== undefined
        ? `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`
        : null;
    this.agent = ca ? new Agent({ connect: { ca } }) : null;
  }

  get url(): string {
    return this.endpoint.url;
  }

  async call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let response: Awaited<ReturnType<typeof undiciFetch>>;
    try {
      response = await undiciFetch(`${this.url.replace(/\/+$/, '')}${path}`, {
        method,
        headers: {
          accept: CONTENT_TYPE,
          ...(body === undefined ? {} : { 'content-type': CONTENT_TYPE }),
          ...(this.authorization ? { authorization: this.authorization } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(30_000)]) : AbortSignal.timeout(30_000),
        ...(this.agent ? { dispatcher: this.agent } : {}),
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
