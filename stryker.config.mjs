// Mutation testing (`npm run test:mutation`): StrykerJS with the Vitest runner and the TypeScript
// checker, over the code whose behaviour is pure enough for mutants to mean something: the
// contracts, the feed engine, the simulator's core and recording format, and the renderer's
// state and formatting. Incremental: the report in reports/mutation/ lets a re-run test only
// the mutants whose code or tests changed. RELIABILITY.md records the scores and the triage.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Tests that run for seconds each (soaks, load, kill loops, child processes): a mutant that
 *  survives would pay for them again and again, and the unit tests beside each module are the
 *  ones meant to kill its mutants. The fuzz properties (`*.fuzz.test.ts`) are left out too:
 *  hundreds of runs per mutant, and time bounds that instrumented code overruns. */
const SLOW_TEST_FILES = new Set([
  'feed-simulator/fuzz-client.test.ts',
  'recording/kill-loop.test.ts',
  'feed-simulator/cli.test.ts',
  'feed-simulator/record-cli.test.ts',
  'feed-simulator/replay-cli.test.ts',
]);

// soak/ is not listed: the chaos soak, load and kill loops are the slow files above, moved there.
const TEST_FOLDERS = ['protocol', 'main/feed', 'feed-simulator', 'recording', 'renderer/src/state'];

function testFilesUnder(folder) {
  return readdirSync(folder, { recursive: true })
    .map((name) => join(folder, String(name)))
    .filter((path) => path.endsWith('.test.ts') && !path.endsWith('.fuzz.test.ts'))
    .filter((path) => !path.includes('adapters/'))
    .filter((path) => !SLOW_TEST_FILES.has(path));
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  coverageAnalysis: 'perTest',
  mutate: [
    'protocol/*.ts',
    'main/feed/*.ts',
    'feed-simulator/*.ts',
    'recording/*.ts',
    'renderer/src/state/*.ts',
    // Tests, test helpers and process entry points are not product logic to mutate.
    '!**/*.test.ts',
    '!**/test-*.ts',
    '!feed-simulator/{cli,cli-support,main,record-cli,replay-cli,index}.ts',
    '!recording/index.ts',
    '!renderer/src/state/*.svelte.ts',
  ],
  testFiles: TEST_FOLDERS.flatMap(testFilesUnder),
  ignorePatterns: ['out', 'dist', 'artifacts', 'bench/results', 'docs', 'build'],
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 1,
  timeoutMS: 20_000,
  dryRunTimeoutMinutes: 15,
  thresholds: { high: 80, low: 70, break: null },
};
