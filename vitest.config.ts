import { svelte } from '@sveltejs/vite-plugin-svelte';
import { configDefaults, defineConfig } from 'vitest/config';
import { ALONE } from './vitest.alone.config.ts';

const RENDERER_LOGIC = ['renderer/src/state/**/*.test.ts', 'renderer/src/charts/**/*.test.ts'];

export default defineConfig({
  plugins: [svelte()],
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    // Vitest's default is one worker less than the cores: one on the 2-core development box.
    // The unit files spend most of their time waiting on servers and timers (about 210 CPU s
    // in 510–570 s of wall time), so a second worker overlaps those waits.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'protocol/**/*.test.ts',
            'shared/**/*.test.ts',
            'feed-simulator/**/*.test.ts',
            'main/**/*.test.ts',
            'recording/**/*.test.ts',
            'net/**/*.test.ts',
            'soak/**/*.test.ts',
            'test-support/**/*.test.ts',
            'scripts/**/*.test.ts',
            'relay/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          // Run after this suite, on their own (see vitest.alone.config.ts).
          exclude: [...configDefaults.exclude, ...ALONE],
          setupFiles: ['./vitest.setup.electron.ts'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          // The renderer's state and chart logic: plain code that needs no page. A jsdom built
          // for each file cost about 2 s of a worker's time (126 s of the dom project's 295 s
          // on a loaded run); a file here that does need one says `@vitest-environment jsdom`.
          name: 'renderer',
          environment: 'node',
          include: RENDERER_LOGIC,
          // The stylesheet as text for palette.test.ts (the theme's colours defined there);
          // Vitest hands every stylesheet over empty unless asked.
          css: { include: [/app\.css/] },
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['renderer/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...RENDERER_LOGIC],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
