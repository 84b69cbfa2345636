// Lint: TypeScript rules plus the layer rules of docs/architecture.md.
// A layer may import only the layers below it; each message names the way to go instead.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** A regex that matches an import path reaching into one of the given src/ layers. */
const layerPath = (...layers) => `(^|/)(${layers.join('|')})(/|$)`;

const react = { regex: '^(react|react-dom|react-redux|@reduxjs/|@tanstack/react-|@monaco-editor/|monaco-editor|react-router)' };
const nodeOnly = { regex: '^(node:|fastify|@fastify/|kysely|better-sqlite3|pg$|pg/|@node-rs/|nodemailer)' };

/** One entry per layer: which folders it must not reach, and what to do instead. */
const layerRules = [
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    patterns: [
      { regex: layerPath('runtime', 'client', 'widgets', 'viewer', 'editor', 'server'), message: 'src/shared is the bottom layer (L0): it imports no other layer. Move the shared type or helper down into src/shared.' },
      { ...react, message: 'src/shared runs anywhere: no React. Put UI code in src/client or src/widgets.' },
      { ...nodeOnly, message: 'src/shared runs anywhere: no Node or server libraries. Put server code in src/server.' },
    ],
  },
  {
    files: ['src/runtime/**/*.{ts,tsx}'],
    patterns: [
      { regex: layerPath('client', 'widgets', 'viewer', 'editor', 'server'), message: 'src/runtime (L1) may import only src/shared and ses. Pass what the engine needs in through its host interface.' },
      { ...react, message: 'src/runtime is framework-free: no React. Adapters belong in src/viewer or src/editor.' },
      { ...nodeOnly, message: 'src/runtime runs in a browser worker and under Node tests: no server libraries.' },
    ],
  },
  {
    files: ['src/client/**/*.{ts,tsx}'],
    patterns: [
      { regex: layerPath('runtime', 'widgets', 'viewer', 'editor', 'server'), message: 'src/client (L2) may import only src/shared and React libraries. Move the code it needs down, or up into src/viewer or src/editor.' },
      { ...nodeOnly, message: 'src/client runs in the browser: no server libraries. Call the API through src/client/api instead.' },
    ],
  },
  {
    files: ['src/widgets/**/*.{ts,tsx}'],
    patterns: [
      { regex: layerPath('viewer', 'editor', 'server'), message: 'src/widgets (L2) may import src/shared, src/client and runtime *types* only. Let the viewer or editor pass behaviour in as props.' },
      { ...nodeOnly, message: 'src/widgets runs in the browser: no server libraries.' },
    ],
  },
  {
    files: ['src/viewer/**/*.{ts,tsx}'],
    patterns: [
      { regex: layerPath('editor', 'server'), message: 'src/viewer (L3) must stay small and never pull in the editor. Move what both need into src/client or src/widgets.' },
      { ...nodeOnly, message: 'src/viewer runs in the browser: no server libraries.' },
    ],
  },
  {
    files: ['src/editor/**/*.{ts,tsx}'],
    patterns: [
      { regex: layerPath('server'), message: 'src/editor talks to the server only through HTTP: use src/client/api and the contracts in src/shared/api.' },
      { ...nodeOnly, message: 'src/editor runs in the browser: no server libraries.' },
    ],
  },
  {
    files: ['src/server/**/*.ts'],
    patterns: [
      { regex: layerPath('runtime', 'client', 'widgets', 'viewer', 'editor'), message: 'src/server imports only src/shared. Put contracts both sides need into src/shared/api.' },
      { ...react, message: 'src/server has no React. Rendering happens in the browser.' },
    ],
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-server/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'List exports by name: no `export *`.' }],
    },
  },
  {
    files: ['src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  ...layerRules.map(({ files, patterns }) => ({
    files,
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
  {
    // The engine reaches the platform only through its injected host; the worker host is the one exception.
    files: ['src/runtime/**/*.ts'],
    ignores: ['src/runtime/host/**', '**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error',
        ...['self', 'window', 'document', 'postMessage', 'importScripts', 'localStorage', 'fetch', 'setTimeout', 'setInterval', 'clearInterval', 'clearTimeout', 'XMLHttpRequest', 'WebSocket']
          .map((name) => ({ name, message: `src/runtime is platform-free: reach \`${name}\` through the RuntimeHost passed to the engine (src/runtime/host/evaluatorWorker.ts provides it).` })),
      ],
    },
  },
);
