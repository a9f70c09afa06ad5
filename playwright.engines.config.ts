/**
 * The cross-engine suite (`npm run test:engines`): the same cases in Chromium (Playwright),
 * Firefox ESR (puppeteer-core over WebDriver BiDi) and WebKit (WebKitWebDriver + MiniBrowser
 * under Xvfb), one project per engine. One worker: the delivery cases count what a browser
 * manages to send in the moment a page goes away, and two engines fighting for two cores would
 * measure the machine rather than the engine. See docs/engines.md.
 */
import { defineConfig } from '@playwright/test';
import type { EngineName } from './e2e/engines/driver.js';

const engines: EngineName[] = ['chromium', 'firefox', 'webkit'];

export default defineConfig<unknown, { engineName: EngineName }>({
  testDir: 'e2e/engines',
  testMatch: '**/*.engine.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // No retries: a delivery cell that fails once in N is the measurement, not noise to hide.
  retries: 0,
  timeout: 120_000,
  reporter: [['list'], ['./e2e/engines/table-reporter.ts']],
  outputDir: 'test-results/engines',
  projects: engines.map((engineName) => ({ name: engineName, use: { engineName } })),
});
