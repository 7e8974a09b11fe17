/**
 * The browser's side of export and import files (the desktop uses its save and open dialogs):
 * an upload that answers the file id import.* take, and the address of a finished export's
 * download. Pure fetch and URLs, no Node built-ins; the routes are host/web/file-routes.ts.
 */
import { cancelledError } from './client.js';
import { ApiError, parseErrorEnvelope } from './errors.js';
import { tokenQueryParam } from './web-protocol.js';

export interface UploadedFile {
  readonly fileId: string;
  readonly name: string;
  readonly bytes: number;
}

export interface WebFiles {
  upload(file: Blob, name: string, signal?: AbortSignal): Promise<UploadedFile>;
  downloadUrl(downloadId: string): string;
}

export function webFiles(options: { baseUrl: string; token: string; fetch?: typeof fetch }): WebFiles {
  const base = options.baseUrl.replace(/\/$/, '');
  const doFetch = options.fetch ?? fetch;
  return {
    async upload(file, name, signal) {
      let response: Response;
      try {
        response = await doFetch(`${base}/api/files/upload?name=${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${options.token}` },
          body: file,
          ...(signal ? { signal } : {}),
        });
      } catch (err) {
        if (signal?.aborted) throw cancelledError();
        throw new ApiError('UNAVAILABLE', `the console host cannot be reached (${(err as Error).message})`);
      }
      const answer = (await response.json().catch(() => ({}))) as {
        ok?: boolean;
        value?: UploadedFile;
        error?: unknown;
      };
      if (answer.ok === true && answer.value) return answer.value;
      throw parseErrorEnvelope(answer.error);
    },
    downloadUrl(downloadId) {
      return `${base}/api/files/download/${encodeURIComponent(downloadId)}?${tokenQueryParam}=${encodeURIComponent(options.token)}`;
    },
  };
}
