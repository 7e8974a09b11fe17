/**
 * connection-secrets.json: the secrets of connections whose user opted in to keeping them in a
 * file, where the desktop's key store is not available (browser mode, a Linux desktop without a
 * key ring). Readable and writable by the user only (0600), in a folder only the user can enter;
 * the CLI reads it for `--connection NAME`. A file others can read is refused, as ssh refuses a
 * key with loose permissions.
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ConnectionSecrets } from './secrets.js';

export const secretsFileName = 'connection-secrets.json';

const secretsSchema = z.strictObject({
  password: z.string().optional(),
  key: z.string().optional(),
  keyPassword: z.string().optional(),
  registryPassword: z.string().optional(),
});
const fileSchema = z.strictObject({
  version: z.literal(1),
  secrets: z.record(z.string(), secretsSchema),
});

export class SecretsFileError extends Error {
  override readonly name = 'SecretsFileError';
}

/** Every connection's secrets by id; an absent file is empty. Throws SecretsFileError in words. */
export async function readSecretsFile(dir: string): Promise<Map<string, ConnectionSecrets>> {
  const path = join(dir, secretsFileName);
  try {
    return parseSecretsFile(await stat(path), await readFile(path, 'utf8'), path);
  } catch (error) {
    return readFailure(error, path);
  }
}

/** The same, synchronously, for the CLI's `--connection NAME`. */
export function readSecretsFileSync(dir: string): Map<string, ConnectionSecrets> {
  const path = join(dir, secretsFileName);
  try {
    return parseSecretsFile(statSync(path), readFileSync(path, 'utf8'), path);
  } catch (error) {
    return readFailure(error, path);
  }
}

function readFailure(error: unknown, path: string): Map<string, ConnectionSecrets> {
  if (error instanceof SecretsFileError) throw error;
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
  throw new SecretsFileError(`cannot read ${path}: ${(error as Error).message}`);
}

function parseSecretsFile(info: Stats, text: string, path: string): Map<string, ConnectionSecrets> {
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0)
    throw new SecretsFileError(
      `${path} can be read by other users (mode ${(info.mode & 0o777).toString(8)}): run chmod 600 on it`,
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SecretsFileError(`${path} is not JSON: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success)
    throw new SecretsFileError(`${path} is not a secrets file (${parsed.error.issues[0]!.message})`);
  return new Map(Object.entries(parsed.data.secrets));
}

export async function writeSecretsFile(
  dir: string,
  secrets: ReadonlyMap<string, ConnectionSecrets>,
): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, secretsFileName);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(
    temp,
    `${JSON.stringify({ version: 1, secrets: Object.fromEntries(secrets) }, null, 2)}\n`,
    {
      mode: 0o600,
    },
  );
  // writeFile's mode is masked by the umask and ignored for an existing file: set it for sure.
  await chmod(temp, 0o600);
  await rename(temp, path);
}
