#!/usr/bin/env node
// The installed `feed-simulator` command: runs the simulator CLI that `npm run build` bundles.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../out/main/feed-simulator.js', import.meta.url);
if (existsSync(fileURLToPath(entry))) {
  await import(entry.href);
} else {
  console.error(
    'feed-simulator is not built yet: run `npm run build` first,\n' +
      'or run it from source with `npm run feed -- [options]`.',
  );
  process.exitCode = 1;
}
