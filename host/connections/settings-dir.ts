/**
 * Where Brokerlab keeps the user's settings (saved connections) when the desktop app does not
 * name its own folder: the platform's configuration directory. The CLI and `brokerlab serve`
 * use it, so `--connection NAME` finds what the console saved.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultSettingsDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = env.HOME ?? homedir();
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Brokerlab');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Brokerlab');
    default:
      // XDG Base Directory: $XDG_CONFIG_HOME, else ~/.config (relative values are ignored).
      return join(
        env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config'),
        'brokerlab',
      );
  }
}
