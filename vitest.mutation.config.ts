import { defineConfig } from 'vitest/config';
import unit from './vitest.config';

/**
 * The unit config as is (Node by default, happy-dom per file, restoreMocks, unstubGlobals),
 * narrowed to the pixel's own tests for `npm run mutate`: the harness tests load the built
 * dist, never the mutated sources. Narrowed here rather than with Stryker's `testFiles`,
 * which in 9.6 activates module-level (static) mutants only after the module has loaded, so
 * they would survive every test. (Not mergeConfig: it would add to `include`, not replace it.)
 */
export default defineConfig({
  ...unit,
  test: { ...unit.test, include: ['packages/pixel/test/**/*.test.ts'] },
});
