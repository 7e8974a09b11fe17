/**
 * `--connection NAME` for the CLI's client verbs: a connection saved in the console, found by
 * name (or id) in the settings folder, as a bootstrap list and Kafka client properties. Its
 * secrets come from the 0600 secrets file when the user saved them there; otherwise (kept
 * encrypted by the desktop app, or in the console's memory only) from environment variables named
 * for the connection, and the error says which variable and why.
 */
import type { ClientProperties } from '../kafka-client/config.js';
import { connectionProperties, withEnvSecrets } from './client-properties.js';
import { loadConnectionsFileSync, type StoredConnection } from './connection-file.js';
import { readSecretsFileSync } from './secrets-file.js';
import type { ConnectionSecrets } from './secrets.js';

export class SavedConnectionError extends Error {
  override readonly name = 'SavedConnectionError';
}

export function savedConnectionForCli(
  name: string,
  dir: string,
  env: NodeJS.ProcessEnv,
): { readonly bootstrap: string; readonly properties: ClientProperties } {
  const loaded = loadConnectionsFileSync(dir);
  if (!loaded.ok) throw new SavedConnectionError(loaded.problem);
  const wanted = name.toLowerCase();
  const found = loaded.connections.find((c) => c.name.toLowerCase() === wanted || c.id === name);
  if (!found) {
    const names = loaded.connections.map((c) => `"${c.name}"`).join(', ');
    throw new SavedConnectionError(
      `there is no saved connection "${name}" in ${dir}` +
        (names ? ` (saved: ${names})` : ' (none is saved)'),
    );
  }
  let secrets: ConnectionSecrets = {};
  try {
    if (found.secrets.mode === 'file') secrets = readSecretsFileSync(dir).get(found.id) ?? {};
    return {
      bootstrap: found.bootstrap,
      properties: connectionProperties(found, withEnvSecrets(found, secrets, env, where(found))),
    };
  } catch (error) {
    throw new SavedConnectionError((error as Error).message);
  }
}

function where(connection: StoredConnection): string {
  switch (connection.secrets.mode) {
    case 'file':
      return 'in the secrets file';
    case 'encrypted':
      return 'the CLI can read (the desktop app keeps it encrypted with the system key store)';
    case 'memory':
      return 'on disk (the console kept it in memory for one launch)';
  }
}
