// ESLint with typescript-eslint's type-aware rules (they read tsconfig.json): the router's
// correctness rests on promises being awaited or caught and on values from the network being
// narrowed, which only type information can check. Formatting is Prettier's.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', 'persisted/'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // The gateway's hook payloads declare their callbacks (endResponse, setExecutor, ...) as
      // methods, but they are closures: destructuring them is how the gateway's docs use them.
      '@typescript-eslint/unbound-method': 'off',
      // An async implementation of a promise-returning interface turns a throw into a rejection,
      // which is what callers handle, even when it awaits nothing.
      '@typescript-eslint/require-await': 'off',
      // `const { http: _http, ...rest } = ...` drops a key.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
  {
    // node:test's test() and describe() return promises the runner itself awaits.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe'] }] },
      ],
    },
  },
);
