/**
 * Mutation testing for the pixel's source (`npm run mutate`; not part of `npm test`).
 * See docs/mutation.md for how to read the score and how to run one file.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  // Each mutant runs only the tests that reach it (Stryker's default, stated so it stays on).
  coverageAnalysis: 'perTest',
  // The root unit config narrowed to the pixel's tests (see the file for why not `testFiles`).
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['packages/pixel/src/**/*.ts'],
  // The machine is shared: at most two workers, so a run leaves room for other work.
  concurrency: 2,
  // A loaded machine runs the first, uninstrumented pass over all tests slowly: not a failure.
  dryRunTimeoutMinutes: 30,
  timeoutFactor: 3,
  // Reruns only retest mutants whose source or covering tests changed.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 95, low: 90, break: 90 },
  // The sandbox need not carry builds, reports or browser caches.
  ignorePatterns: ['dist', 'reports', 'test-results', 'playwright-report', '.cache', 'e2e', 'examples'],
};
