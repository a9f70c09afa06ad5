/**
 * The cross-engine `test`: each Playwright project is one engine (`engineName`), each worker
 * launches that engine once per third-party cookie setting it is asked for and keeps it for the
 * run, and each case gets a fresh simulated world on the worker's server. An engine that is not
 * installed skips its cases, saying why; it never passes them.
 */
import { test as base } from '@playwright/test';
import { findChromium } from '@partner-pixel/harness/playwright';
import { findEngines } from '../../scripts/engines.mjs';
import { launchChromium } from './chromium.js';
import type { Engine, EngineName, Launcher } from './driver.js';
import { launchFirefox } from './firefox.js';
import { ALL_HOSTS, newWorld, startSite, type Site, type World } from './site.js';
import { launchWebKit } from './webkit.js';

const LAUNCHERS: Record<EngineName, Launcher> = { chromium: launchChromium, firefox: launchFirefox, webkit: launchWebKit };

/** Why an engine cannot run here, or undefined when it can. */
export function unavailable(name: EngineName): string | undefined {
  if (name == 'chromium') return findChromium() ? undefined : 'no Chromium found (scripts/ensure-browser.mjs)';
  const found = findEngines()[name];
  return found.ok ? undefined : `${found.missing.join(', ')} not installed (scripts/ensure-engines.mjs)`;
}

/** Launched engines of a worker, one per cookie setting. */
export interface Engines {
  /** The engine launched with this cookie setting (its default when omitted). */
  get(cookies?: string): Promise<Engine>;
}

/** Each engine's third-party cookie setting as it ships (the key its driver knows it by). */
export const DEFAULT_COOKIES: Record<EngineName, string> = { chromium: 'blocked', firefox: 'partitioned', webkit: 'shipped' };

export const CELL = 'engine-cell';
export const VERSION = 'engine-version';
/** A listed known failure of the current transport: measured and printed, not failing the run. */
export const KNOWN_CELL = 'engine-known';

export const test = base.extend<
  { world: World; engine: Engine; cell: (text: string) => void },
  { engineName: EngineName; site: Site; engines: Engines }
>({
  engineName: ['chromium', { option: true, scope: 'worker' }],
  site: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const site = await startSite();
      await use(site);
      await site.close();
    },
    { scope: 'worker' },
  ],
  engines: [
    async ({ engineName, site }, use) => {
      const launched = new Map<string, Promise<Engine>>();
      const setup = (cookies: string) => ({ hosts: ALL_HOSTS, serverPort: site.server.port, proxyPort: site.proxy.port, cookies });
      const engines: Engines = {
        get(cookies = DEFAULT_COOKIES[engineName]) {
          if (!launched.has(cookies)) launched.set(cookies, LAUNCHERS[engineName](setup(cookies)));
          return launched.get(cookies)!;
        },
      };
      await use(engines);
      for (const engine of launched.values()) await (await engine).close().catch(() => {});
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  engine: async ({ engineName, engines }, use, testInfo) => {
    const why = unavailable(engineName);
    testInfo.skip(!!why, `${engineName}: ${why}`);
    const engine = await engines.get();
    await use(engine);
    testInfo.annotations.push({ type: VERSION, description: engine.version });
  },
  world: async ({ site }, use) => use(newWorld(site)),
  // eslint-disable-next-line no-empty-pattern
  cell: async ({}, use, testInfo) => use((text) => testInfo.annotations.push({ type: CELL, description: text })),
});

export { expect } from '@playwright/test';
