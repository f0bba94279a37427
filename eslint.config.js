// Lint: strict TypeScript rules plus the house's room rule (which folder may import which),
// written once here, as VS Code's code-layering rule does.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import patterns a room may not use, relative or package. */
const room = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

const electronAndNative = ['electron', 'electron/*', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'better-sqlite3'];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { globals: globals.browser, parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: globals.browser },
  },
  // shared: pure TypeScript, imports no other room and nothing runtime-specific.
  room(['src/shared/**'], ['**/main/**', '**/worker/**', '**/renderer/**', '**/preload/**', 'node:*', ...electronAndNative],
    'src/shared is pure TypeScript: it imports no other room and nothing runtime-specific.'),
  // worker: shared only; never SQLite, never Electron, never the UI.
  room(['src/worker/**'], ['**/main/**', '**/renderer/**', '**/preload/**', 'electron', 'electron/*', 'better-sqlite3'],
    'src/worker may import only src/shared (and TensorFlow.js); it never touches SQLite, Electron or the UI.'),
  // main/core: plain Node services; no Electron, no transports, no TensorFlow.
  room(['src/main/core/**'], ['**/electron/**', '**/server/**', '**/cli/**', '**/worker/**', '**/renderer/**', '**/preload/**', 'electron', '@tensorflow/*'],
    'src/main/core is plain Node: it imports only src/shared; Electron and transports build on it, not the reverse.'),
  room(['src/main/server/**'], ['**/main/electron/**', '../electron/**', '**/main/cli/**', '../cli/**', '**/worker/**', '**/renderer/**', '**/preload/**', 'electron', '@tensorflow/*'],
    'src/main/server is the headless host: it imports src/shared and src/main/core, never Electron or the CLI.'),
  room(['src/main/cli/**'], ['**/main/electron/**', '../electron/**', '**/worker/**', '**/renderer/**', '**/preload/**', 'electron', '@tensorflow/*'],
    'src/main/cli is the command line: it imports src/shared, src/main/core and (to serve) src/main/server, never Electron.'),
  room(['src/main/electron/**'], ['**/server/**', '**/cli/**', '**/worker/**', '**/renderer/**', '**/preload/**', '@tensorflow/*'],
    'src/main/electron imports src/shared and src/main/core only.'),
  room(['src/preload/**'], ['**/main/**', '**/worker/**', '**/renderer/**', 'node:*', ...electronAndNative.filter((m) => !m.startsWith('electron'))],
    'src/preload imports only electron and src/shared.'),
  room(['src/renderer/**'], ['**/main/**', '**/worker/**', '**/preload/**', 'node:*', ...electronAndNative],
    'src/renderer talks to the host only through the WorkbenchApi in src/shared.'),
);
