/**
 * Chromium through Playwright: the harness's flags and resolver rules, plus
 * `--ignore-certificate-errors`, without which a keepalive request still in flight when its
 * page is gone fails on the self-signed certificate and a delivery case counts its own losses.
 * No request routing: a route changes how requests behave at unload; the resolver rules
 * already send every name but the simulated ones nowhere.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium, hostResolverRules } from '@partner-pixel/harness/playwright';
import { consoleAndWait, type Launcher, type Profile, type Tab } from './driver.js';

const COOKIES = {
  blocked: { label: 'blocked (Playwright context default)', shipped: true },
  allowed: { label: 'allowed (profile cookie_controls_mode 0)', shipped: false },
};

function tab(page: Page): Tab {
  return {
    ...consoleAndWait(page, (expression) => page.evaluate(expression)),
    goto: async (url, options = {}) => {
      await page.goto(url, { waitUntil: options.wait == 'commit' ? 'commit' : 'load' });
    },
    url: async () => page.url(),
    click: (selector) => page.locator(selector).first().click(),
    fill: (selector, value) => page.locator(selector).first().fill(value),
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    close: () => page.close(),
  };
}

function profileOf(context: BrowserContext, cleanup: () => Promise<void>): Profile {
  return {
    newTab: async () => tab(await context.newPage()),
    close: async () => {
      await context.close();
      await cleanup();
    },
  };
}

export const launchChromium: Launcher = async (setup) => {
  const executablePath = findChromium();
  const args = [...CHROMIUM_ARGS, '--ignore-certificate-errors', `--host-resolver-rules=${hostResolverRules(setup.hosts, setup.serverPort)}`];
  const options = { headless: true, args, ...(executablePath ? { executablePath } : {}) };
  const browser = await chromium.launch(options);
  const version = `Chromium ${browser.version()}`;
  return {
    name: 'chromium',
    version,
    cookieSettings: COOKIES,
    async newProfile() {
      if (setup.cookies != 'allowed') return profileOf(await browser.newContext({ ignoreHTTPSErrors: true }), async () => {});
      // Only a profile's preferences unblock third-party cookies: a persistent context, its own process.
      const dir = await mkdtemp(join(tmpdir(), 'partner-pixel-engines-'));
      await mkdir(join(dir, 'Default'), { recursive: true });
      await writeFile(join(dir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
      const context = await chromium.launchPersistentContext(dir, { ...options, ignoreHTTPSErrors: true });
      return profileOf(context, () => rm(dir, { recursive: true, force: true }));
    },
    close: () => browser.close(),
  };
};
