// `npm run web [-- --port 0 --feed ws://...]`: build, then serve the dashboard in browser mode
// (scripts/browser-mode.js). It prints the URL to open.
import { join } from 'node:path';
import { runBrowserMode } from './browser-mode.js';

await runBrowserMode({ root: join(import.meta.dirname, '..'), args: process.argv.slice(2) });
