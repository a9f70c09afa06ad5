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
  {
    // The pure core runs in Node tests and in any host: no browser global may creep in.
    files: ['packages/pixel/src/core/**'],
    rules: {
      'no-restricted-globals': ['error', ...[
        'window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'Image',
        'fetch', 'XMLHttpRequest', 'history', 'screen', 'addEventListener', 'removeEventListener',
        'performance', 'self', 'top', 'parent', 'frames', 'origin', 'requestAnimationFrame',
      ].map((name) => ({ name, message: `${name} is a browser global; packages/pixel/src/core stays DOM-free (put it in a browser layer and pass the value in).` }))],
    },
  },
  {
    // The harness may read the wire contract, nothing else of the pixel: it simulates what the
    // tag talks to, so sharing the tag's internals would let both drift together unseen.
    files: ['packages/harness/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'partner-pixel', message: 'The harness imports only partner-pixel/wire from the pixel package.' }],
        patterns: [
          { group: ['partner-pixel/*', '!partner-pixel/wire'], message: 'The harness imports only partner-pixel/wire from the pixel package.' },
          { group: ['**/pixel/src/**', '**/pixel/dist/**'], message: 'The harness reaches the pixel through partner-pixel/wire, not by path.' },
        ],
      }],
    },
  },
  {
    // Functions short enough to read at a glance: a factory that grows past this is split into
    // named parts. Blank lines and comments do not count.
    files: ['packages/harness/src/**'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
  },
);
