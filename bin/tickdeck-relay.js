#!/usr/bin/env node
// The installed `tickdeck-relay` command: runs the relay CLI that `npm run build` bundles.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../out/main/tickdeck-relay.js', import.meta.url);
if (existsSync(fileURLToPath(entry))) {
  await import(entry.href);
} else {
  console.error(
    'tickdeck-relay is not built yet: run `npm run build` first,\n' +
      'or run it from source with `npm run relay -- [options]`.',
  );
  process.exitCode = 1;
}
