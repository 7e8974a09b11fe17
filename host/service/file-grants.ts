/**
 * Files the page may use, by opaque id: the page never names a path. A trusted party grants
 * each one — the desktop's save and open dialogs, the web host's upload route — and export and
 * import resolve the id here. Exports to `download` and uploads live in the service's own
 * transfer directory (created on first use, removed on close); a download is offered by id
 * once its export is done, and removed when its job is forgotten.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../api/errors.js';

export type GrantMode = 'save' | 'open';

export interface FileGrant {
  readonly path: string;
  /** The name the user knows the file by. */
  readonly name: string;
  readonly mode: GrantMode;
}

export interface DownloadFile {
  readonly path: string;
  readonly name: string;
  /** The job that wrote it: the file goes when the job is forgotten. */
  readonly jobId: string;
}

const newId = (): string => randomBytes(16).toString('hex');

/** A name safe to use as a file name in our own directory (what the page proposed, cleaned). */
export function safeFileName(name: string): string {
  const cleaned = basename(name)
    .replace(/[^\w.+-]+/g, '_')
    .replace(/^\.+/, '');
  return cleaned.slice(0, 200) || 'file';
}

export class FileGrants {
  private readonly grants = new Map<string, FileGrant>();
  private readonly downloads = new Map<string, DownloadFile>();
  private directory: Promise<string> | null = null;

  constructor(private readonly baseDir: string = tmpdir()) {}

  grant(path: string, name: string, mode: GrantMode): string {
    const id = newId();
    this.grants.set(id, { path, name, mode });
    return id;
  }

  /** The granted file, or NOT_FOUND / FORBIDDEN when the id is unknown or granted for the other use. */
  resolve(fileId: string, mode: GrantMode): FileGrant {
    const grant = this.grants.get(fileId);
    if (!grant)
      throw new ApiError('NOT_FOUND', `there is no file ${fileId} (choose or upload the file again)`);
    if (grant.mode !== mode)
      throw new ApiError(
        'FORBIDDEN',
        `file ${fileId} was granted to ${grant.mode === 'save' ? 'write' : 'read'}`,
      );
    return grant;
  }

  /** A fresh path in the transfer directory for a file called `name`. */
  async transferPath(name: string): Promise<string> {
    this.directory ??= mkdtemp(join(this.baseDir, 'brokerlab-transfer-'));
    return join(await this.directory, `${newId()}-${safeFileName(name)}`);
  }

  /** Offers a finished export as a download; answers its id. */
  offerDownload(path: string, name: string, jobId: string): string {
    const id = newId();
    this.downloads.set(id, { path, name, jobId });
    return id;
  }

  /** Removes the downloads a job wrote (when the job list forgets it). */
  async removeDownloadsOf(jobId: string): Promise<void> {
    for (const [id, file] of [...this.downloads]) {
      if (file.jobId !== jobId) continue;
      this.downloads.delete(id);
      await rm(file.path, { force: true });
    }
  }

  download(downloadId: string): DownloadFile | undefined {
    return this.downloads.get(downloadId);
  }

  /** Stores an uploaded file and grants it for reading. */
  async acceptUpload(name: string, body: Readable): Promise<{ fileId: string; name: string; bytes: number }> {
    const path = await this.transferPath(name);
    try {
      await pipeline(body, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    const { size } = await stat(path);
    return { fileId: this.grant(path, name, 'open'), name, bytes: size };
  }

  /** Removes the transfer directory (uploads and downloads). */
  async close(): Promise<void> {
    const directory = this.directory;
    this.directory = null;
    this.grants.clear();
    this.downloads.clear();
    if (directory) await rm(await directory, { recursive: true, force: true });
  }
}
