/**
 * The Playwright fixtures: per worker one local https server and one Chromium whose resolver
 * maps the simulated hosts to it and nothing else; per test a fresh simulation, a context
 * with the network closed, and the page console's `[partner-pixel]` lines for the matchers.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, type BrowserContext, type LaunchOptions } from '@playwright/test';
import type { MerchantSite } from '../merchant/merchant.js';
import type { Attribution } from '../ontraport/types.js';
import type { Ontraport } from '../ontraport/ontraport.js';
import { startServer, type HarnessServer } from '../server/server.js';
import { createSimulation, type Simulation } from '../simulation.js';
import type { UltraCart } from '../ultracart/ultracart.js';
import type { IntegrationMode } from '../web/script-tag.js';
import { chromiumArgs, findChromium, isAllowedUrl } from './chromium.js';
import { ALL_HOSTS, HOSTS, pixelConsole, setCurrent } from './hosts.js';
import { redirectReceipt } from './receipt-redirect.js';
import { withLink } from './partner.js';

import type { TestPartner } from './partner.js';


/** Options a test file sets with `test.use({...})`, or a project in `playwright.config.ts`. */
export interface HarnessOptions {
  /**
   * The account's crediting setting and the script's `data-attribution`.
   * @defaultValue 'last'
   */
  attribution: Attribution;
  /**
   * How the store reports sales: `pixel` (our script), `api` (UltraCart's API method: our
   * script sends no sale pixel) or `original` (ONTRAPORT's plain pixel, relying on its cookie).
   * @defaultValue 'pixel'
   */
  storeMode: IntegrationMode;
  /**
   * Chromium's third-party cookie setting. `allowed` launches a persistent context whose
   * profile allows them (a default context blocks them; see docs/browser-testing.md).
   * @defaultValue 'blocked'
   */
  thirdPartyCookies: 'blocked' | 'allowed';
  /**
   * The script tag's `data-debug`: every step is logged to the page console.
   * @defaultValue true
   */
  pixelDebug: boolean;
  /**
   * Your receipt as the simulated store renders it: conversion HTML with `[Token]`
   * placeholders (`[OrderId]`, `[Email]`, `[FirstName]`, `[Total]`, `[Tax]`, `[Shipping]`,
   * `[Handling]`, `[Discount]`, `[CustomField1]`..`[CustomField7]`, ...). Harness-only
   * tokens, which UltraCart would not replace: `[ItemsJson]`, `[OrderJson]`, `[ItemsHtml]`,
   * `[PartnerPixel]` and `[ScriptSrc]` (load the script from `[ScriptSrc]` here, from its
   * real address on UltraCart).
   * @defaultValue undefined (the store's own receipt with the order block and script tag)
   */
  conversionHtml: string | undefined;
  /**
   * Your own receipt page: after an approved checkout the store redirects the buyer here
   * instead of showing its receipt. Tokens `[OrderId]`, `[Email]`, `[Total]`, `[Subtotal]`,
   * `[Tax]`, `[Shipping]`, `[Handling]`, `[Discount]`, `[FirstName]`, `[LastName]`, the
   * address tokens, `[CustomField1]`..`[CustomField7]` and the harness-only `[OrderJson]` (the
   * same order JSON the store's receipt carries) are replaced, URL-encoded. It may be on a simulated host (served with
   * `server.use(...)`) or on a loopback server of yours (`http://localhost:3000/thanks?...`).
   * Your page must load the script with `data-subdomain="acme.ontraport.com"`.
   * @defaultValue undefined (the store's receipt)
   */
  receiptUrl: string | undefined;
  /**
   * The sandbox's status line on the merchant's and the store's pages (what the tag did, and a
   * link to the dashboard), as `npm start` shows it. Off in tests of your own pages: it is an
   * inline script, so a strict Content-Security-Policy would refuse it.
   * @defaultValue false
   */
  statusLine: boolean;
}

/** Test-scoped fixtures. */
export interface HarnessFixtures {
  /** All three simulated sites, fresh for this test (the same `Simulation` as `createSimulation`'s). */
  sim: Simulation;
  /** The simulated ONTRAPORT account: partners, contacts, purchases, pixels, faults. */
  account: Ontraport;
  /** The simulated UltraCart store. */
  store: UltraCart;
  /** The merchant's landing site. */
  merchant: MerchantSite;
  /** A fresh partner, with a promo tool landing on the store's checkout of the first product. */
  partner: TestPartner;
  /** The worker's server; `server.use(...handlers)` adds pages for this test only. */
  server: HarnessServer;
}

/** Worker-scoped fixtures. */
export interface HarnessWorkerFixtures {
  /** The one https server of this worker, serving the current test's simulation. */
  harnessServer: HarnessServer;
}

/** Builds one test's simulation at the realistic hosts. */
function buildSimulation(o: { attribution: Attribution; mode: IntegrationMode; debug: boolean; conversionHtml: string | undefined; statusLine: boolean }): Simulation {
  return createSimulation({
    ontraportOrigin: `https://${HOSTS.ontraport}`,
    storeOrigin: `https://${HOSTS.store}`,
    merchantOrigin: `https://${HOSTS.merchant}`,
    ...o,
  });
}

async function allowingThirdPartyCookies(dir: string): Promise<void> {
  // 0 allows third-party cookies, 1 blocks them: the only switch that works (docs/browser-testing.md).
  await mkdir(join(dir, 'Default'), { recursive: true });
  await writeFile(join(dir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
}

/** Aborts every request that is not to loopback or a simulated host (beside the resolver rules). */
async function closeNetwork(context: BrowserContext): Promise<void> {
  await context.route(
    (url) => !isAllowedUrl(url.href, ALL_HOSTS),
    (route) => route.abort('blockedbyclient'),
  );
}

/** `test` with the harness fixtures. */
export const test = base.extend<HarnessOptions & HarnessFixtures, HarnessWorkerFixtures>({
  attribution: ['last', { option: true }],
  storeMode: ['pixel', { option: true }],
  thirdPartyCookies: ['blocked', { option: true }],
  pixelDebug: [true, { option: true }],
  conversionHtml: [undefined, { option: true }],
  receiptUrl: [undefined, { option: true }],
  statusLine: [false, { option: true }],

  harnessServer: [
    // Playwright requires a destructuring pattern here, even an empty one.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServer({ handlers: [], hosts: ALL_HOSTS });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  // One Chromium per worker, resolving the simulated hosts to the server and nothing else.
  browser: [
    async ({ playwright, launchOptions, harnessServer }, use) => {
      const browser = await playwright.chromium.launch(withHarness(launchOptions, harnessServer.port));
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  context: async ({ browser, playwright, launchOptions, harnessServer, contextOptions, thirdPartyCookies }, use) => {
    const options = { ...contextOptions, ignoreHTTPSErrors: true };
    let context: BrowserContext;
    let profile: string | undefined;
    if (thirdPartyCookies == 'allowed') {
      // A persistent context is its own browser process, so it needs the flags again.
      profile = await mkdtemp(join(tmpdir(), 'partner-pixel-profile-'));
      await allowingThirdPartyCookies(profile);
      context = await playwright.chromium.launchPersistentContext(profile, { ...withHarness(launchOptions, harnessServer.port), ...options });
    } else {
      context = await browser.newContext(options);
    }
    await closeNetwork(context);
    context.on('console', (message) => {
      const line = message.text();
      if (line.startsWith('[partner-pixel]')) pixelConsole().push(`${message.type()}: ${line}`);
    });
    await use(context);
    await context.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  },

  sim: async ({ harnessServer, attribution, storeMode, pixelDebug, conversionHtml, receiptUrl, statusLine }, use) => {
    const sim = buildSimulation({ attribution, mode: storeMode, debug: pixelDebug, conversionHtml, statusLine });
    harnessServer.resetHandlers();
    harnessServer.use(...sim.handlers);
    if (receiptUrl) harnessServer.use(redirectReceipt(sim.store, receiptUrl));
    setCurrent({ sim, consoleLines: [] });
    await use(sim);
    setCurrent(undefined);
    harnessServer.resetHandlers();
  },
  account: async ({ sim }, use) => use(sim.ontraport),
  store: async ({ sim }, use) => use(sim.store),
  merchant: async ({ sim }, use) => use(sim.merchant),
  server: async ({ sim, harnessServer }, use) => {
    void sim; // the simulation's handlers must be in place before a test adds its own
    await use(harnessServer);
  },

  partner: async ({ account, store }, use) => {
    const partner = account.addPartner({ firstName: 'Pat', lastName: 'Partner', email: 'pat.partner@example.com' });
    const promoTool = account.addPromoTool({ name: 'Starter Kit checkout link', landingUrl: store.checkoutUrl(store.catalog[0].id) });
    await use(withLink(account, partner, promoTool));
  },
});

/** Playwright's launch options with the found Chromium and the harness's flags for `port`. */
function withHarness(options: LaunchOptions, port: number): LaunchOptions {
  const executablePath = options.executablePath ?? findChromium();
  const args = chromiumArgs({ hosts: ALL_HOSTS, port, args: options.args ?? [] });
  return { ...options, ...(executablePath ? { executablePath } : {}), args };
}

