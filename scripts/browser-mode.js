// `npm run web`, and `npm start` where Electron is missing: check the options, build with
// electron-vite, then run the browser-mode host (out/main/web.js) with the arguments passed
// through. The host's output is passed through too; `onUrl` hears the URL of its "Open <url>"
// line.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildApp } from './build-app.js';
import { checkArgs } from './check-args.js';

const URL_LINE = /^Open (https?:\/\/\S+)$/;

/**
 * Runs until the host exits, then exits this process with the host's code. SIGINT and SIGTERM
 * are forwarded (the host shuts down cleanly on either).
 * @param {{ root: string, args: readonly string[], onUrl?: (url: string) => void }} opts
 * @returns {Promise<void>}
 */
export async function runBrowserMode({ root, args, onUrl = () => {} }) {
  await checkArgs({ root, args, mode: 'web' });
  await buildApp(root, { logLevel: 'warn' });

  const child = spawn(process.execPath, [join(root, 'out', 'main', 'web.js'), ...args], {
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  let announced = false;
  createInterface({ input: child.stdout }).on('line', (line) => {
    console.log(line);
    const match = announced ? null : URL_LINE.exec(line);
    if (!match) return;
    announced = true;
    onUrl(match[1]);
  });
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
