// Flat config. The import rules below enforce the layout described in ARCHITECTURE.md:
// protocol/ is pure, Electron lives only in main's glue files, the renderer reaches main only via bridge.ts.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

const ELECTRON_GLUE = [
  'main/index.ts',
  'main/window.ts',
  'main/menu.ts',
  'main/ipc.ts',
  'main/preload.ts',
  'main/updater.ts',
  'main/electron-*.ts',
];

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
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/feed-simulator/**'],
              message: 'The renderer reaches main only through bridge.ts.',
            },
            {
              group: ['electron', 'node:*', 'ws'],
              message: 'The renderer runs in a sandboxed page.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['protocol/**'],
    ignores: ['protocol/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'node:*', 'svelte', 'svelte/*', 'ws', '../*'],
              message:
                'protocol/ is contracts only: it imports nothing from Electron, Node or Svelte.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**', 'feed-simulator/**', 'bench/**', 'e2e/**', 'scripts/**'],
    ignores: [...ELECTRON_GLUE, '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Only the Electron glue files in main/ may import electron; keep this module runnable under plain Node.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['feed-simulator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The simulator is a standalone Node program.' }],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**'],
              message: 'The simulator never imports the app.',
            },
          ],
        },
      ],
    },
  },
);
