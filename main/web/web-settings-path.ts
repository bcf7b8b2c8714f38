/**
 * Where browser mode (`npm run web`) keeps its settings when `--settings` is not given: the
 * platform's per-user config folder, apart from the desktop app's `userData` file so the two
 * never write the same file at once.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/** File name inside `<config dir>/tickdeck/`. */
export const WEB_SETTINGS_FILE = 'web-settings.json';

/**
 * `$XDG_CONFIG_HOME` (or `~/.config`) on Linux and other Unixes, `~/Library/Application Support`
 * on macOS, `%APPDATA%` on Windows; then `tickdeck/web-settings.json`.
 */
export function defaultWebSettingsPath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    const base = env.APPDATA || win32.join(home, 'AppData', 'Roaming');
    return win32.join(base, 'tickdeck', WEB_SETTINGS_FILE);
  }
  const base =
    platform === 'darwin'
      ? posix.join(home, 'Library', 'Application Support')
      : // The XDG spec ignores a relative XDG_CONFIG_HOME.
        env.XDG_CONFIG_HOME?.startsWith('/')
        ? env.XDG_CONFIG_HOME
        : posix.join(home, '.config');
  return posix.join(base, 'tickdeck', WEB_SETTINGS_FILE);
}
