// One build for every shipped entry point. main/ and feed-simulator/ entries run under Node
// (Electron's main process, the browser-mode host, the simulator CLI); the renderer is one page.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const root = import.meta.dirname;

/**
 * Development only (`npm run dev`): Vite's dev server injects every stylesheet as an inline
 * <style> element, which the page's meta policy `style-src 'self'` refuses, leaving the page
 * unstyled. The built page links its CSS and keeps the strict policy (e2e/csp.spec.ts); the
 * header policy relaxes the same way for the dev server (main/electron/app-protocol.ts).
 */
function devServerInlineStyles(): Plugin {
  const strict = "style-src 'self'";
  return {
    name: 'tickdeck:dev-server-inline-styles',
    apply: 'serve',
    transformIndexHtml(html) {
      if (!html.includes(strict)) throw new Error(`renderer/index.html: no "${strict}" to relax`);
      return html.replace(strict, `${strict} 'unsafe-inline'`);
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'main/electron/index.ts'),
          web: resolve(root, 'main/web/web-cli.ts'),
          'feed-simulator': resolve(root, 'feed-simulator/main.ts'),
          'tickdeck-relay': resolve(root, 'relay/main.ts'),
          // The feed engine's worker thread (main/feed/worker-engine.ts finds it beside index.js).
          'engine-worker': resolve(root, 'main/feed/engine-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'main/electron/preload.ts') },
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [svelte(), devServerInlineStyles()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: {
        input: resolve(root, 'renderer/index.html'),
        // Compiling the Svelte components is the renderer build's work; the bundler's warning
        // that plugins took most of the time printed a screenful at every `npm start`.
        checks: { bundlerTimings: false },
      },
    },
  },
});
