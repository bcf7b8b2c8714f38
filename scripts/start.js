// `npm start [-- --feed ws://... --replay <dir>]`: build with electron-vite, then launch Electron
// on the built app, passing the arguments through. Without an Electron binary it stops at once
// with one message pointing to the browser mode, before spending time on a build.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { findElectronBinary } from './electron-binary.js';

const root = join(import.meta.dirname, '..');
const electronDir = join(root, 'node_modules', 'electron');

const binary = findElectronBinary(electronDir);
if (!binary.ok) {
  console.error(
    `Cannot start the desktop app: ${binary.reason}.\n` +
      'Run the same dashboard in your browser instead: npm run web  (or install Electron with network access: npx install-electron)',
  );
  process.exit(1);
}

const { build } = await import('electron-vite');
await build({ root });

// Electron loads package.json's "main" (out/main/index.js) from the project folder.
const child = spawn(binary.path, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
