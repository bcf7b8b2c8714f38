import { svelte } from '@sveltejs/vite-plugin-svelte';
import { configDefaults, defineConfig } from 'vitest/config';
import { ALONE } from './vitest.alone.config';

export default defineConfig({
  plugins: [svelte()],
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
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
          name: 'dom',
          environment: 'jsdom',
          include: ['renderer/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
