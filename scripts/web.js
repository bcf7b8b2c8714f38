// `npm run web [-- --port 0 --feed ws://...]`: build with electron-vite, then run the browser-mode
// host (out/main/web.js) with the arguments passed through. It prints the URL to open.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

const { build } = await import('electron-vite');
await build({ root, logLevel: 'warn' });

const child = spawn(
  process.execPath,
  [join(root, 'out', 'main', 'web.js'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
// The host shuts down cleanly on SIGINT/SIGTERM; forward them and exit with its code.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
