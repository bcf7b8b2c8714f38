/**
 * `npm run web`: the app core (embedded simulator, `--feed` or the saved sources) served to a
 * browser. Prints what it serves, then the URL to open, token included, on a line starting
 * with "Open " so scripts can read it.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { settingsOverrides } from '../host/app-args';
import { readCommandLine } from '../host/command-line';
import { createAppHost } from '../host/host';
import type { Settings } from '../../protocol/settings';
import { listenFailure } from '../../shared/listen-failure';
import { startLine } from './start-line';
import { DEFAULT_WEB_HOST, DEFAULT_WEB_PORT, isLoopback, startWebHost } from './web-host';
import { defaultWebSettingsPath } from './web-settings-path';

async function main(): Promise<void> {
  const line = readCommandLine(process.argv.slice(2), 'web');
  if (line.kind === 'refused') {
    // One line naming the flag (bug 219): the whole help after it pushed the error off screen.
    console.error(line.line);
    process.exit(2);
  }
  if (line.kind === 'help') {
    console.log(line.text);
    return;
  }
  const { args } = line;
  const host = args.host ?? DEFAULT_WEB_HOST;

  // Absolute, so the line printed below tells the user which file it is wherever they ran it.
  const settingsPath = resolve(args.settings ?? defaultWebSettingsPath());
  let appHost;
  try {
    appHost = await createAppHost({
      // Its own file, apart from the desktop app's, so the two never write the same file at once.
      settingsPath,
      overrides: settingsOverrides(args),
      replay: args.replay ?? null,
      alertRules: args.alerts,
      workspace: args.workspace,
    });
  } catch (err) {
    // An unknown --workspace is a bad flag: said in one line, like the others.
    console.error(`tickdeck web: ${(err as Error).message}`);
    process.exit(2);
  }
  let web;
  try {
    web = await startWebHost({
      host,
      port: args.port ?? DEFAULT_WEB_PORT,
      rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
      appHost,
    });
  } catch (err) {
    await appHost.close();
    // Named by the flag to change, as the simulator does (bug 225): `--host nowhere` said
    // "getaddrinfo ENOTFOUND nowhere", and a port needing privileges "listen EACCES".
    const failure = listenFailure(err, host, args.port ?? DEFAULT_WEB_PORT);
    console.error(`tickdeck web: ${failure ?? (err as Error).message}`);
    process.exit(1);
  }

  // Once it serves there: a --host that would not listen is one line, not a warning and a line.
  if (!isLoopback(host)) {
    console.warn(
      `Warning: serving on ${host}, not loopback: other machines can reach this port. ` +
        'The token still guards the data socket; share the URL only with people you trust.',
    );
  }
  const settings = await appHost.invoke('settings:get', []);
  if (settings.ok)
    console.log(startLine(settings.value as Settings, args.replay ? resolve(args.replay) : null));
  console.log(`Settings: ${settingsPath}`);
  console.log(`Open ${web.url}`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: shutting down…`);
    const force = setTimeout(() => process.exit(1), 5_000);
    force.unref();
    await web.close();
    await appHost.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
