/**
 * Where Brokerlab keeps its files when no folder is given, as each platform names the user's
 * folders: the data (the embedded cluster's logs) and the settings (saved connections). The
 * desktop app and the CLI use the same places, so `brokerlab status` finds the cluster the app
 * runs and `--connection NAME` finds what the console saved.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

interface UserFolder {
  /** Windows: the variable naming the folder, and where it usually is below the home folder. */
  readonly windows: readonly [variable: string, ...fallback: string[]];
  /** XDG Base Directory: the variable, and its default below the home folder. */
  readonly xdg: readonly [variable: string, ...fallback: string[]];
}

const data: UserFolder = {
  windows: ['LOCALAPPDATA', 'AppData', 'Local'],
  xdg: ['XDG_DATA_HOME', '.local', 'share'],
};
const settings: UserFolder = {
  windows: ['APPDATA', 'AppData', 'Roaming'],
  xdg: ['XDG_CONFIG_HOME', '.config'],
};

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return userFolder(data, env, platform);
}

export function defaultSettingsDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return userFolder(settings, env, platform);
}

function userFolder(folder: UserFolder, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const home = env.HOME ?? homedir();
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Brokerlab');
    case 'win32': {
      const [variable, ...fallback] = folder.windows;
      return join(env[variable] ?? join(home, ...fallback), 'Brokerlab');
    }
    default: {
      // Relative values of the XDG variables are ignored, as the specification says.
      const [variable, ...fallback] = folder.xdg;
      const base = env[variable];
      return join(base?.startsWith('/') ? base : join(home, ...fallback), 'brokerlab');
    }
  }
}
