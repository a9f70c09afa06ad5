import { defineConfig } from 'vitest/config';

/**
 * Unit tests only: Node by default (the pure core needs no DOM); browser-layer files opt in
 * with `// @vitest-environment happy-dom`. Playwright specs (e2e/, examples/) run under
 * `playwright test`, never here: vitest would load them and fail on `test()` from Playwright.
 */
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    environment: 'node',
    // A spy or stub left in place by one test must not shape the next one.
    restoreMocks: true,
    // Likewise a stubbed global (Image, fetch, navigator fields) must not leak into the next test.
    unstubGlobals: true,
    // Not a speed limit: a generous guard so a loaded CI machine does not fail slow-but-right tests.
    testTimeout: 30_000,
  },
});
