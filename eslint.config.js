// Lint rules that keep the layers honest (see docs/architecture.md). Do not relax these rules: each one
// stops a class of bug (a Node call in the worker, a DOM sink for attacker-written alert text, a leaky preload).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeModules = ['fs', 'path', 'os', 'child_process', 'crypto', 'stream', 'zlib', 'url', 'util', 'http', 'https', 'net', 'worker_threads'];
const nodeImportBan = [
  { group: ['node:*', ...nodeModules], message: 'shared/ and renderer/ run in browsers and workers: no Node APIs (pass data in instead).' },
  { group: ['electron', 'electron/*'], message: 'Only electron/ may import Electron.' },
];
const climbBan = { group: ['../../*'], message: 'Use the #shared/... package import instead of climbing with ../../.' };
// Inside renderer/, feature folders reach the app's own components/ and app/ two levels up; leaving renderer/ is banned.
const rendererClimbBan = { group: ['../../../*'], message: 'Use the #shared/... package import instead of climbing out of renderer/.' };

// HTML sinks: alert content is attacker-written (SECURITY-NOTES R1).
const sinkSyntax = [
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No HTML sinks: render alert data as text.' },
  { selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]", message: 'No HTML sinks: use textContent.' },
  { selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln)$/][callee.object.name='document']", message: 'No HTML sinks.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'No HTML sinks.' },
  { selector: "NewExpression[callee.name='Function']", message: 'No dynamic code.' },
  { selector: "CallExpression[callee.name='eval']", message: 'No dynamic code.' },
  { selector: "CallExpression[callee.name=/^(setTimeout|setInterval)$/][arguments.0.type='Literal']", message: 'No string timers.' },
  { selector: "JSXAttribute[name.name='srcDoc']", message: 'No srcdoc: it renders HTML.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-output/**', 'bench-output/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'bin/*.mjs', 'scripts/*.mjs', 'e2e/*.mjs', 'bench/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...sinkSyntax],
      'no-restricted-properties': ['error', { object: 'describe', property: 'only', message: 'No .only in committed tests.' }, { object: 'it', property: 'only', message: 'No .only in committed tests.' }, { object: 'test', property: 'only', message: 'No .only in committed tests.' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...nodeImportBan, climbBan, { group: ['react', 'react-dom', 'cytoscape*'], message: 'shared/ is UI-free.' }] }],
      'no-restricted-globals': ['error',
        ...['window', 'document', 'self', 'postMessage', 'importScripts', 'localStorage', 'sessionStorage', 'indexedDB', 'location', 'close'].map((name) => ({ name, message: `shared/ is pure: ${name} exists only in some hosts; inject it.` })),
        ...['process', 'require', 'Buffer', '__dirname', '__filename', 'global'].map((name) => ({ name, message: `shared/ is pure: ${name} is Node-only.` })),
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['shared/model/**/*.ts'],
    ignores: ['shared/model/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...nodeImportBan, { group: ['#shared/*', '../*'], message: 'shared/model imports nothing of ours.' }] }] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...nodeImportBan, rendererClimbBan, { group: ['dexie', 'fake-indexeddb'], message: 'The UI reaches data only through the engine API.' }] }] },
  },
  {
    files: ['renderer/worker/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...nodeImportBan, climbBan, { group: ['react', 'react-dom', 'cytoscape*'], message: 'The worker has no UI.' }] }] },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [climbBan, { group: ['react', 'react-dom', 'dexie', 'cytoscape*', '#shared/engine/*', '#shared/store/*', '#shared/ingest/*', '#shared/correlate/*'], message: 'Electron main holds no case data: it may import shared/model types and shared/contracts only.' }] }] },
  },
  {
    files: ['electron/preload/**/*.ts'],
    ignores: ['electron/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['#shared/*', '!#shared/contracts/*'], message: 'The preload imports contract types only.' }] }] },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'cli/**', 'bench/**', 'e2e/**', 'scripts/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-console': 'off' },
  },
);
