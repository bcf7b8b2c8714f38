/**
 * Node side of the dashboard benches (dashboard, dashboard-full, chart-tools): bundles a bench
 * page module into one script, opens it in headless Chromium on a page whose
 * requestAnimationFrame callbacks are timed, and runs one configuration per fresh page, so one
 * cannot leave work behind for another. The page side is bench/dashboard-frames.ts.
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';

/**
 * Bundles `entry` (a bench page module) into an IIFE script. `components`: compile Svelte
 * components too, their styles injected by the script itself.
 */
export async function bundlePage(entry: URL, components = false): Promise<string> {
  return (await bundle(entry, components, false)).code;
}

/**
 * {@link bundlePage} with its source map (JSON), for a profile that names the source file
 * behind each minified function.
 */
export function bundlePageWithMap(
  entry: URL,
  components = false,
): Promise<{ code: string; map: string }> {
  return bundle(entry, components, true) as Promise<{ code: string; map: string }>;
}

async function bundle(
  entry: URL,
  components: boolean,
  sourcemap: boolean,
): Promise<{ code: string; map?: string }> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    root: fileURLToPath(new URL('..', import.meta.url)),
    plugins: components
      ? [svelte({ configFile: false, compilerOptions: { css: 'injected' } })]
      : [],
    build: {
      write: false,
      minify: true,
      sourcemap,
      lib: { entry: fileURLToPath(entry), formats: ['iife'], name: 'bench', fileName: 'bench' },
    },
  });
  for (const o of Array.isArray(out) ? out : [out]) {
    if (!('output' in o)) continue;
    const chunk = o.output.find((c) => c.type === 'chunk');
    if (chunk && chunk.type === 'chunk') return { code: chunk.code, map: chunk.map?.toString() };
  }
  throw new Error(`bundling ${fileURLToPath(entry)} produced no script`);
}

/** Times every requestAnimationFrame callback; runs before any other page script. */
const RAF_TIMER = `(() => {
  const raf = window.requestAnimationFrame.bind(window);
  window.__benchWork = 0;
  window.requestAnimationFrame = (cb) => raf((ts) => {
    const start = performance.now();
    try { cb(ts); } finally { window.__benchWork += performance.now() - start; }
  });
})();`;

/** A blank dark page with the rAF timer installed and `css` as its styles. */
export function benchPage(css: string): string {
  return `<!doctype html><html><head><script>${RAF_TIMER}</script><style>
  html, body { margin: 0; height: 100%; background: #0e1116; }
  ${css}
</style></head><body></body></html>`;
}

export async function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      // Measure what the page can do, not the headless default frame cap quirks.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
    ],
  });
}

/**
 * Runs `window[fn](...args)` in a fresh page of `html` with `script` loaded, and returns its
 * result.
 */
export async function measureOnPage<R>(
  browser: Browser,
  page: { html: string; script: string; width: number; height: number },
  fn: string,
  args: readonly unknown[],
): Promise<R> {
  const tab = await browser.newPage({ viewport: { width: page.width, height: page.height } });
  try {
    await tab.setContent(page.html);
    await tab.addScriptTag({ content: page.script });
    return (await tab.evaluate(
      ([name, a]) =>
        (window as unknown as Record<string, (...x: unknown[]) => Promise<unknown>>)[name]!(...a),
      [fn, args] as const,
    )) as R;
  } finally {
    await tab.close();
  }
}
