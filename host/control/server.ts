/**
 * The control endpoint: a loopback HTTP endpoint through which the CLI's cluster verbs
 * (`brokerlab status`, `broker kill|stop|start`, `net isolate|delay|heal`) reach a running
 * embedded cluster. `POST /v1/<method>` runs one of the contract's cluster and fault methods
 * through the console service, answering the same `{ ok, value }` / `{ ok, error }` as the web
 * host. Only for programs: a request with an Origin header (a browser) is refused, as are a
 * foreign Host and a missing or wrong token.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ApiError } from '../api/errors.js';
import type { MethodName } from '../api/contract.js';
import { httpStatusOf } from '../api/web-protocol.js';
import type { ConsoleService } from '../service/console-service.js';
import { bearerToken, checkRequest, newToken } from '../web/security.js';

/** What the control endpoint may run: the cluster's state and its faults. */
export const controlMethods: ReadonlySet<MethodName> = new Set<MethodName>([
  'connections.active',
  'cluster.snapshot',
  'faults.list',
  'faults.killBroker',
  'faults.killTransactionCoordinator',
  'faults.stopBroker',
  'faults.startBroker',
  'faults.isolateBroker',
  'faults.delayTraffic',
  'faults.dropTraffic',
  'faults.slowDisk',
  'faults.fillDisk',
  'faults.heal',
  'faults.healAll',
]);

export interface ControlEndpoint {
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

export async function startControlEndpoint(options: {
  readonly service: ConsoleService;
  readonly port?: number;
  readonly token?: string;
}): Promise<ControlEndpoint> {
  const token = options.token ?? newToken();
  let port = 0;
  const server = createServer((request, response) => {
    void handle(request, response).catch(() => response.destroy());
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.headers.origin !== undefined) {
      return answer(response, {
        ok: false,
        error: new ApiError('FORBIDDEN', 'the control endpoint is not for browsers').toEnvelope(),
      });
    }
    const verdict = checkRequest(
      port,
      token,
      { host: request.headers.host, origin: undefined, token: bearerToken(request.headers.authorization) },
      true,
    );
    if (!verdict.ok) {
      const code = verdict.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN';
      return answer(response, { ok: false, error: new ApiError(code, verdict.reason).toEnvelope() });
    }
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const method = path.startsWith('/v1/') ? path.slice(4) : '';
    if (request.method !== 'POST' || !controlMethods.has(method as MethodName)) {
      return answer(response, {
        ok: false,
        error: new ApiError(
          'UNKNOWN_METHOD',
          `the control endpoint has no ${request.method} ${path}`,
        ).toEnvelope(),
      });
    }
    let input: unknown;
    try {
      input = await readBody(request);
    } catch (err) {
      return answer(response, { ok: false, error: (err as ApiError).toEnvelope() });
    }
    answer(response, await options.service.dispatch(method, input));
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(
  response: ServerResponse,
  result: { ok: true; value: unknown } | { ok: false; error: ReturnType<ApiError['toEnvelope']> },
): void {
  response.writeHead(result.ok ? 200 : httpStatusOf(result.error.code), {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(result));
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request as AsyncIterable<Buffer>) {
    text += chunk.toString('utf8');
    if (text.length > MAX_BODY_BYTES) throw new ApiError('INVALID_INPUT', 'the request body is too large');
  }
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('INVALID_INPUT', 'the request body is not valid JSON');
  }
}
