// `npm start [-- --feed ws://... --replay <dir>]`: check the options, build with electron-vite,
// then launch Electron on the built app, passing the arguments through. Without an Electron
// binary it says so in one line and runs the browser mode instead, opening the default browser
// on it where there is one, so `npm install && npm start` always ends in a running dashboard.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { runBrowserMode } from './browser-mode.js';
import { buildApp } from './build-app.js';
import { checkArgs } from './check-args.js';
import { findElectronBinary } from './electron-binary.js';
import { openBrowser } from './open-browser.js';

const root = join(import.meta.dirname, '..');
const electronDir = join(root, 'node_modules', 'electron');
const args = process.argv.slice(2);

const binary = findElectronBinary(electronDir);
if (!binary.ok) {
  console.error(`No desktop app here: ${binary.reason}. Starting the browser mode instead.`);
  await runBrowserMode({ root, args, onUrl: (url) => openBrowser(url) });
} else {
  const checked = await checkArgs({ root, args, mode: 'desktop' });
  await buildApp(root);

  // Electron loads package.json's "main" (out/main/index.js) from the project folder.
  const child = spawn(binary.path, [root, ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...checked },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
