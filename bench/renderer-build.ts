/** The dashboard built for benches, apart from `out/` (which tests build into). */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { ROOT } from './children';

let rendererBuild: Promise<string> | null = null;

/**
 * Builds the dashboard (renderer/) once per bench process into a temporary folder, so the
 * bench measures the current source without touching `out/`, which tests build into too.
 */
export function buildRenderer(): Promise<string> {
  rendererBuild ??= buildRendererOf(ROOT);
  return rendererBuild;
}

/**
 * Builds the dashboard of the checkout at `root` (this one, or another to compare against)
 * with this tree's Vite and Svelte plugin into a temporary folder removed at exit; its path.
 */
export async function buildRendererOf(root: string): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'tickdeck-bench-renderer-'));
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: join(root, 'renderer'),
    base: './',
    plugins: [svelte()],
    // BENCH_NO_MINIFY=1 keeps function names readable in CPU profiles.
    build: { outDir, emptyOutDir: true, minify: process.env.BENCH_NO_MINIFY !== '1' },
  });
  return outDir;
}
