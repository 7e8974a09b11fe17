/**
 * The CLI's side of the control endpoint: finds it (`--control URL` with the token from
 * BROKERLAB_CONTROL_TOKEN or the data dir's control file, or `--data-dir DIR`), and calls it with
 * a timeout, turning every failure into one sentence.
 */
import { ApiError, parseErrorEnvelope } from '../api/errors.js';
import type { MethodName } from '../api/contract.js';
import type { MethodInput, MethodOutput } from '../api/types.js';
import { readControlFile } from './control-file.js';

export interface ControlTarget {
  readonly url: string;
  readonly token: string;
}

export function resolveControlTarget(options: {
  readonly control?: string | undefined;
  readonly dataDir: string;
  readonly env?: NodeJS.ProcessEnv;
}): ControlTarget {
  const env = options.env ?? process.env;
  if (options.control) {
    const url = options.control.replace(/\/$/, '');
    const token = env.BROKERLAB_CONTROL_TOKEN ?? tokenFromFile(options.dataDir, url);
    if (!token) {
      throw new Error(
        `no token for ${url}: set BROKERLAB_CONTROL_TOKEN, or give the --data-dir of that cluster`,
      );
    }
    return { url, token };
  }
  const file = readControlFile(options.dataDir);
  return { url: file.url, token: file.token };
}

function tokenFromFile(dataDir: string, url: string): string | null {
  try {
    const file = readControlFile(dataDir);
    return file.url === url ? file.token : null;
  } catch {
    return null;
  }
}

export async function controlCall<N extends MethodName>(
  target: ControlTarget,
  method: N,
  input: MethodInput<N>,
  timeoutMs = 10_000,
): Promise<MethodOutput<N>> {
  let response: Response;
  try {
    response = await fetch(`${target.url}/v1/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    const why =
      cause === 'ECONNREFUSED'
        ? 'nothing is listening there (is the cluster still running?)'
        : cause === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms`
          : cause;
    throw new ApiError('UNAVAILABLE', `cannot reach the control endpoint at ${target.url}: ${why}`);
  }
  const body = (await response.json().catch(() => null)) as {
    ok?: boolean;
    value?: unknown;
    error?: unknown;
  } | null;
  if (body?.ok === true) return body.value as MethodOutput<N>;
  if (body && body.ok === false) throw parseErrorEnvelope(body.error);
  throw new ApiError(
    'INTERNAL',
    `the control endpoint at ${target.url} answered ${response.status} without a result`,
  );
}
