import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['e2e/**/*.spec.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    // The specs keep their state in the servers and browsers they start, not in modules: one
    // module cache for the run saves each file importing Playwright and the simulator again
    // (8 specs: 16 s of imports became 4 s). Two files at a time was faster still, but a spec's
    // 5 s page waits ran out beside another's browser on a loaded machine.
    isolate: false,
  },
});
