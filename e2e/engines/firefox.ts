/**
 * Firefox ESR through puppeteer-core over WebDriver BiDi (Playwright cannot drive a stock
 * Firefox). Host names reach the harness server through the local CONNECT proxy, which refuses
 * everything else; third-party cookies follow `network.cookie.cookieBehavior`. One launch per
 * cookie setting (about 5 s each); a fresh profile is a new BiDi user context.
 */
import puppeteer, { type BrowserContext, type Page } from 'puppeteer-core';
import { findEngines } from '../../scripts/engines.mjs';
import { consoleAndWait, type Launcher, type Tab } from './driver.js';

const COOKIES = {
  partitioned: { label: 'partitioned (cookieBehavior 5, shipped)', shipped: true },
  blocked: { label: 'blocked (cookieBehavior 1)', shipped: false },
  accepted: { label: 'accepted (cookieBehavior 0)', shipped: false },
};
const BEHAVIOUR: Record<string, number> = { partitioned: 5, blocked: 1, accepted: 0 };

function tab(page: Page): Tab {
  return {
    ...consoleAndWait(page, (expression) => page.evaluate(expression)),
    goto: async (url, options = {}) => {
      // A page that navigates on before its load event never completes a goto: start it from script.
      if (options.wait == 'commit') await page.evaluate((to: string) => void (location.href = to), url);
      else await page.goto(url, { waitUntil: 'load' });
    },
    url: async () => page.url(),
    click: async (selector) => {
      await page.locator(selector).click();
    },
    fill: async (selector, value) => {
      await page.locator(selector).fill(value);
    },
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    close: () => page.close({ runBeforeUnload: false }),
  };
}

export const launchFirefox: Launcher = async (setup) => {
  const found = findEngines().firefox;
  if (!found.binary) throw new Error('Firefox is not installed (scripts/ensure-engines.mjs says how)');
  const proxy = { host: '127.0.0.1', port: setup.proxyPort };
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: found.binary,
    headless: true,
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      'network.cookie.cookieBehavior': BEHAVIOUR[setup.cookies] ?? 5,
      // Everything through the proxy, loopback included; it tunnels only the simulated hosts.
      'network.proxy.type': 1,
      'network.proxy.ssl': proxy.host,
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.http': proxy.host,
      'network.proxy.http_port': proxy.port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
    },
  });
  const version = `Firefox ${(await browser.version()).replace(/^firefox\//i, '')}`;
  return {
    name: 'firefox',
    version,
    cookieSettings: COOKIES,
    async newProfile() {
      const context: BrowserContext = await browser.createBrowserContext();
      return { newTab: async () => tab(await context.newPage()), close: () => context.close() };
    },
    close: () => browser.close(),
  };
};
