/**
 * connections.json in the settings folder: the saved remote clusters, never a secret in plain
 * text. Each entry says where its secrets are: encrypted beside it (the desktop's key store),
 * in the 0600 secrets file (the user opted in), or nowhere (kept in memory for the launch).
 *
 * Loading validates the whole file with zod. A file that cannot be read or parsed is reported
 * in words and left as it is; the first save moves it aside (`connections.json.bad-<time>`), so
 * nothing the user had is lost. Writes go to a temp file renamed over the old one.
 */
import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { pemSourceSchema, saslMechanismNames, securityProtocols } from '../api/schemas/connections.js';

export const connectionsFileName = 'connections.json';

const storedSecretsSchema = z.discriminatedUnion('mode', [
  /** base64 of the cipher's output for the JSON of ConnectionSecrets. */
  z.strictObject({ mode: z.literal('encrypted'), data: z.string() }),
  z.strictObject({ mode: z.literal('file') }),
  z.strictObject({ mode: z.literal('memory') }),
]);

export const storedConnectionSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  bootstrap: z.string().min(1),
  securityProtocol: z.enum(securityProtocols),
  sasl: z.strictObject({ mechanism: z.enum(saslMechanismNames), username: z.string() }).nullable(),
  tls: z
    .strictObject({
      ca: pemSourceSchema.nullable(),
      certificate: pemSourceSchema.nullable(),
      key: z
        .discriminatedUnion('kind', [
          z.strictObject({ kind: z.literal('pem') }),
          z.strictObject({ kind: z.literal('file'), path: z.string() }),
        ])
        .nullable(),
      verifyHostname: z.boolean(),
    })
    .nullable(),
  clientId: z.string().nullable(),
  /** Absent in files saved before registries could be given. */
  schemaRegistry: z
    .strictObject({ url: z.string(), username: z.string().nullable(), ca: pemSourceSchema.nullable() })
    .nullable()
    .optional(),
  secrets: storedSecretsSchema,
});
export type StoredConnection = z.infer<typeof storedConnectionSchema>;

const fileSchema = z.strictObject({
  version: z.literal(1),
  connections: z.array(storedConnectionSchema),
});

export type LoadResult =
  | { readonly ok: true; readonly connections: StoredConnection[] }
  | { readonly ok: false; readonly connections: []; readonly problem: string };

export async function loadConnectionsFile(dir: string): Promise<LoadResult> {
  const path = join(dir, connectionsFileName);
  try {
    return parseConnectionsFile(await readFile(path, 'utf8'), path);
  } catch (error) {
    return readFailure(error, path);
  }
}

/** The same, synchronously, for the CLI's `--connection NAME`. */
export function loadConnectionsFileSync(dir: string): LoadResult {
  const path = join(dir, connectionsFileName);
  try {
    return parseConnectionsFile(readFileSync(path, 'utf8'), path);
  } catch (error) {
    return readFailure(error, path);
  }
}

function readFailure(error: unknown, path: string): LoadResult {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, connections: [] };
  return { ok: false, connections: [], problem: `cannot read ${path}: ${(error as Error).message}` };
}

function parseConnectionsFile(text: string, path: string): LoadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, connections: [], problem: `${path} is not JSON: ${(error as Error).message}` };
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'the file';
    return {
      ok: false,
      connections: [],
      problem: `${path} is not a connections file (${where}: ${issue.message})`,
    };
  }
  const ids = new Set<string>();
  for (const c of parsed.data.connections) {
    if (ids.has(c.id))
      return { ok: false, connections: [], problem: `${path} names connection ${c.id} twice` };
    ids.add(c.id);
  }
  return { ok: true, connections: parsed.data.connections };
}

/** Moves an unreadable file aside so the next save does not overwrite what the user had. */
export async function keepBadFile(dir: string, now: Date = new Date()): Promise<string> {
  const aside = join(dir, `${connectionsFileName}.bad-${now.toISOString().replace(/[:.]/g, '-')}`);
  await rename(join(dir, connectionsFileName), aside);
  return aside;
}

export async function saveConnectionsFile(
  dir: string,
  connections: readonly StoredConnection[],
): Promise<void> {
  const path = join(dir, connectionsFileName);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ version: 1, connections }, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}
