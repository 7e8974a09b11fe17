/**
 * Where Brokerlab keeps its data when no --data-dir is given: the user's data directory, as each
 * platform names it. The desktop app and the CLI use the same place, so `brokerlab status` finds
 * the cluster the app runs.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = env.HOME ?? homedir();
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Brokerlab');
    case 'win32':
      return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'Brokerlab');
    default:
      // XDG Base Directory: $XDG_DATA_HOME, else ~/.local/share (relative values are ignored).
      return join(
        env.XDG_DATA_HOME?.startsWith('/') ? env.XDG_DATA_HOME : join(home, '.local', 'share'),
        'brokerlab',
      );
  }
}
