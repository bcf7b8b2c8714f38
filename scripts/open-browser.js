// Opens a URL in the user's default browser, where there is one to open: never under CI, never
// when TICKDECK_NO_BROWSER is set (tests, scripts), never on a Linux without a display. The
// opener runs detached and unwaited; a missing opener (no xdg-open) is reported, never thrown.
import { spawn } from 'node:child_process';

/**
 * The command that opens `url` here, or why none should run.
 * @param {string} url
 * @param {NodeJS.Platform} platform
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ command: string, args: string[] } | { skip: string }}
 */
export function browserOpener(url, platform = process.platform, env = process.env) {
  if (env.TICKDECK_NO_BROWSER) return { skip: 'TICKDECK_NO_BROWSER is set' };
  if (env.CI) return { skip: 'running under CI' };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // Not `cmd /c start`: cmd would re-parse the URL; this hands it to the shell's URL handler.
  if (platform === 'win32') {
    return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  }
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { skip: 'no display' };
  return { command: 'xdg-open', args: [url] };
}

/**
 * Starts the browser on `url` if {@link browserOpener} finds one; returns at once.
 * @param {string} url
 * @param {{ platform?: NodeJS.Platform, env?: NodeJS.ProcessEnv, report?: (line: string) => void }} [opts]
 * @returns {boolean} whether an opener was started
 */
export function openBrowser(url, opts = {}) {
  const { platform = process.platform, env = process.env, report = console.log } = opts;
  const opener = browserOpener(url, platform, env);
  if ('skip' in opener) return false;
  const child = spawn(opener.command, opener.args, { env, stdio: 'ignore', detached: true });
  child.on('error', (err) =>
    report(`Could not open a browser (${opener.command}: ${err.message}); open the URL above.`),
  );
  child.unref();
  report('Opening it in your default browser…');
  return true;
}
