/**
 * Browser tests: the pixel and the whole partner flow in real Chromium (`e2e/`), and the
 * example a merchant copies into their own CI (`examples/playwright/`). Each worker serves
 * the simulated sites from one local https server and closes the network (see
 * `@partner-pixel/harness/playwright`), so no webServer is needed here.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '@partner-pixel/harness/playwright';

const executablePath = findChromium();

export default defineConfig({
  testDir: '.',
  testMatch: ['e2e/**/*.spec.ts', 'examples/playwright/**/*.spec.ts'],
  // Two cores: one worker each; more only makes the browsers fight for them.
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // Tables (attribution, transports, fault matrix, CSP) are printed whole at the end of a run.
  reporter: [['list'], ['./e2e/support/table-reporter.ts']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    // The fixtures add the resolver rules for the simulated hosts to these.
    launchOptions: { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) },
    // Recording a trace costs as much as the test itself on two cores: only on a CI retry.
    trace: 'on-first-retry',
  },
});
