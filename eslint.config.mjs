// Lint keeps the layers of DESIGN.md true: core never reaches Electron, the shell, the web server,
// IPC or the renderer; the contract stays free of Electron, Node and TypeORM; the renderer never
// imports main/; only main/index.ts, main/shell/ and preload/index.ts import Electron.
import tseslint from 'typescript-eslint';

const electronOnly = { name: 'electron', message: 'Only main/index.ts, main/shell/ and preload/index.ts import Electron.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'resources/**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [electronOnly] }],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            { group: ['**/shell/**', '**/web/**', '**/ipc/**', '**/renderer/**'], message: 'main/core runs under plain Node and knows no front door.' },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly, { name: 'typeorm', message: 'The contract is plain data shapes.' }],
          patterns: [{ group: ['node:*', '**/main/**', '**/renderer/**', 'react', 'react-dom'], message: 'The contract imports no Node, DOM, main or renderer code.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnly], patterns: [{ group: ['**/main/**', 'node:*', 'typeorm'], message: 'The renderer reaches main only through the preload API.' }] },
      ],
    },
  },
  {
    files: ['main/index.ts', 'main/shell/**/*.ts', 'preload/index.ts', 'test/e2e-electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
