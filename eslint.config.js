// Lint: the recommended JavaScript and TypeScript rules over everything we ship or test.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '.cache/**', 'test-results/**', 'playwright-report/**', 'reports/**', '.stryker-tmp/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        window: 'readonly', document: 'readonly', location: 'readonly', navigator: 'readonly',
        console: 'readonly', process: 'readonly', URL: 'readonly', URLSearchParams: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', Request: 'readonly',
        Response: 'readonly', Headers: 'readonly', Image: 'readonly', localStorage: 'readonly',
        Buffer: 'readonly', performance: 'readonly', addEventListener: 'readonly',
        removeEventListener: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
      },
    },
    rules: {
      // ignoreRestSiblings: `const { t, ...ref } = part` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
);
