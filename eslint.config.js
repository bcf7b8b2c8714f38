// Flat config. The import rules below enforce the layout described in ARCHITECTURE.md: each
// folder states what it may import (protocol/ and shared/ are pure). ESLint applies only the last matching `no-restricted-imports`
// per file, so each folder's rule is composed here from named parts instead of stacked.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

const TESTS = ['**/*.test.ts', '**/*.spec.ts'];

/** Test scaffolding and soak tools: never part of the product. */
const NO_TEST_SUPPORT = {
  group: ['**/test-support/**', '**/soak/**'],
  message: 'Product code never imports test fakes, fixtures or soak tools.',
};
/** recording/ is entered only through its front door, recording/index.ts. */
const RECORDING_FRONT_DOOR = {
  group: ['**/recording/*', '!**/recording/index'],
  message: "Import the recording part through its front door: '…/recording'.",
};
const NO_ELECTRON = {
  name: 'electron',
  message: 'Only main/electron/ imports electron; the rest runs under plain Node.',
};

/** One `no-restricted-imports` rule from module names (`name`) and path patterns (`group`). */
function restrict(...rules) {
  const paths = rules.filter((r) => 'name' in r);
  const patterns = rules.filter((r) => 'group' in r);
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

export default ts.config(
  {
    ignores: [
      'out/',
      'dist/',
      'node_modules/',
      'artifacts/',
      'bench/results/',
      'build/',
      '.stryker-tmp/',
      'reports/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser },
      globals: { ...globals.browser },
    },
  },
  {
    files: ['renderer/**'],
    ignores: TESTS,
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      {
        group: ['**/main/**', '**/feed-simulator/**', '**/recording/**'],
        message: 'The renderer reaches main only through bridge.ts.',
      },
      { name: 'electron', message: 'The renderer runs in a sandboxed page.' },
      { name: 'ws', message: 'The renderer runs in a sandboxed page.' },
      { group: ['node:*'], message: 'The renderer runs in a sandboxed page.' },
      NO_TEST_SUPPORT,
    ),
  },
  {
    files: ['renderer/**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict({
      group: ['**/main/**', '**/feed-simulator/**', '**/recording/**'],
      message: 'Renderer tests run the page alone.',
    }),
  },
  {
    files: ['protocol/**'],
    ignores: TESTS,
    rules: restrict(
      { name: 'electron', message: 'protocol/ is contracts only.' },
      { name: 'ws', message: 'protocol/ is contracts only.' },
      {
        group: ['node:*', 'svelte', 'svelte/*', '../*'],
        message: 'protocol/ is contracts only: it imports nothing from Electron, Node or Svelte.',
      },
    ),
  },
  {
    files: ['shared/**'],
    ignores: TESTS,
    rules: restrict(
      { name: 'electron', message: 'shared/ is pure code every process may import.' },
      { name: 'ws', message: 'shared/ is pure code every process may import.' },
      {
        group: ['node:*', 'svelte', 'svelte/*', '../*'],
        message: 'shared/ is pure code every process may import: it imports nothing but itself.',
      },
    ),
  },
  {
    files: ['net/**'],
    ignores: TESTS,
    rules: restrict(
      {
        group: ['**/main/**', '**/renderer/**', '**/feed-simulator/**', '**/recording/**'],
        message: "net/ is the servers' shared socket plumbing: it stands on Node and ws alone.",
      },
      NO_ELECTRON,
      NO_TEST_SUPPORT,
    ),
  },
  {
    files: ['recording/**'],
    ignores: TESTS,
    rules: restrict(
      {
        group: ['**/main/**', '**/renderer/**', '**/feed-simulator/**'],
        message: 'recording/ stands on protocol/ and net/; the simulator and the app use it.',
      },
      NO_ELECTRON,
      NO_TEST_SUPPORT,
    ),
  },
  {
    files: ['feed-simulator/**'],
    ignores: TESTS,
    rules: restrict(
      {
        group: ['**/main/**', '**/renderer/**'],
        message: 'The simulator never imports the app.',
      },
      { name: 'electron', message: 'The simulator is a standalone Node program.' },
      RECORDING_FRONT_DOOR,
      NO_TEST_SUPPORT,
    ),
  },
  {
    files: ['main/**'],
    ignores: ['main/electron/**', ...TESTS],
    rules: restrict(
      NO_ELECTRON,
      RECORDING_FRONT_DOOR,
      {
        group: ['**/feed-simulator/*', '!**/feed-simulator/index'],
        message:
          'main/ uses the simulator only as the embedded default feed (feed-simulator/index).',
      },
      NO_TEST_SUPPORT,
    ),
  },
  {
    files: ['main/electron/**'],
    ignores: TESTS,
    rules: restrict(RECORDING_FRONT_DOOR, NO_TEST_SUPPORT),
  },
  {
    files: ['relay/**'],
    ignores: TESTS,
    rules: restrict(
      NO_ELECTRON,
      RECORDING_FRONT_DOOR,
      {
        group: ['**/feed-simulator/*', '!**/feed-simulator/index'],
        message: 'The relay uses the simulator only as a source (feed-simulator/index).',
      },
      NO_TEST_SUPPORT,
    ),
  },
  {
    files: ['bench/**', 'e2e/**', 'scripts/**', 'soak/**', 'test-support/**'],
    ignores: ['test-support/electron-fake.ts', '**/*.test.ts'],
    rules: restrict(NO_ELECTRON),
  },
);
