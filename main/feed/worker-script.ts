/**
 * Where the engine's worker thread is started from: the built entry beside the main bundle, or,
 * when running from source (tests, tsx), the entry bundled once per process
 * ({@link sourceBundle}).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The worker's TypeScript entry, bundled when running from source. */
export const ENGINE_WORKER_ENTRY = new URL('./engine-worker.ts', import.meta.url);

/**
 * The script to start the worker with. From source it is `entry` bundled (a bench gives its own
 * entry, which wraps the engine's); built, always the engine's entry, beside the main bundle.
 */
export function workerScript(entry: URL = ENGINE_WORKER_ENTRY): string | URL {
  if (import.meta.url.endsWith('.ts')) return sourceBundle(entry);
  // Bundled: out/main/engine-worker.js, beside the entry or one level above a shared chunk.
  for (const candidate of ['./engine-worker.js', '../engine-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(`engine worker script not found beside ${import.meta.url}`);
}

const bundled = new Map<string, string>();

/**
 * From source, the worker's TypeScript bundled once per process with esbuild into one file in
 * node_modules/.cache (packages stay imports, found from there), as the built app loads one
 * file. The worker used to compile itself module by module through tsx's loader: 4–10 s a
 * worker on a loaded machine against about 1 s, which timed tests out. esbuild is loaded only
 * here (tsx's own compiler), so the built app never needs it.
 */
function sourceBundle(entry: URL): string {
  const known = bundled.get(entry.href);
  if (known !== undefined) return known;
  const load = createRequire(import.meta.url);
  const esbuild = load('esbuild') as {
    buildSync(options: object): { outputFiles: { contents: Uint8Array }[] };
  };
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const code = outputFiles[0]!.contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = fileURLToPath(new URL('../../node_modules/.cache/tickdeck/', import.meta.url));
  const file = join(dir, `engine-worker-${hash}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Written aside, then renamed: test processes running at once write the same bytes.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  bundled.set(entry.href, file);
  return file;
}
