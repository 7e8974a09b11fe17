/**
 * `<data-dir>/control.json`: how CLI verbs find a running cluster's control endpoint.
 *
 *   { "url": "http://127.0.0.1:43121", "token": "<64 hex>", "pid": 4242,
 *     "bootstrap": "127.0.0.1:9092,...", "registry": "http://127.0.0.1:8081",
 *     "startedAt": "2026-11-23T17:00:00.000Z" }
 *
 * Written atomically (temporary file, then rename) with mode 0600, since the token is the key to
 * the cluster's faults; removed on a clean stop, only if it still holds this process's token (a
 * second instance on the same data dir may have written its own since).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const controlFileSchema = z.object({
  url: z.url(),
  token: z.string().min(1),
  pid: z.number().int(),
  bootstrap: z.string(),
  /** The schema registry's URL; absent in files written before the registry existed. */
  registry: z.url().optional(),
  startedAt: z.string(),
});
export type ControlFile = z.infer<typeof controlFileSchema>;

export const CONTROL_FILE = 'control.json';

export function controlFilePath(dataDir: string): string {
  return join(dataDir, CONTROL_FILE);
}

export async function writeControlFile(dataDir: string, content: ControlFile): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const temporary = join(dataDir, `.${CONTROL_FILE}.${randomBytes(6).toString('hex')}`);
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await rename(temporary, controlFilePath(dataDir));
}

/** Removes the file if it is still ours. */
export async function removeControlFile(dataDir: string, token: string): Promise<void> {
  try {
    const current = controlFileSchema.parse(JSON.parse(await readFile(controlFilePath(dataDir), 'utf8')));
    if (current.token === token) await rm(controlFilePath(dataDir), { force: true });
  } catch {
    // Missing or unreadable: nothing of ours to remove.
  }
}

/** Reads the control file, or says in words why it cannot. */
export function readControlFile(dataDir: string): ControlFile {
  const path = controlFilePath(dataDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(
      `no running cluster found: ${path} does not exist (start one with \`brokerlab cluster\`)`,
    );
  }
  const parsed = controlFileSchema.safeParse(
    (() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return null;
      }
    })(),
  );
  if (!parsed.success) throw new Error(`${path} is not a Brokerlab control file`);
  return parsed.data;
}
