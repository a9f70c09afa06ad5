/**
 * The browser half of the bench: the same page (a receipt or a landing page, per variant)
 * loaded again and again in Chromium,
 * once per variant per round, with the variants' order rotated every round so that machine
 * noise (other processes, GC, CPU frequency) falls on all of them alike.
 *
 * Main-thread cost comes from the DevTools protocol's `Performance.getMetrics`, read through
 * two sessions on the same page: one in `threadTicks` (CPU time of the renderer's main thread,
 * which stays put when the 2-core machine is busy), one in `timeTicks` (wall time). With
 * RenderDocument every navigation gets a fresh document whose counters start at zero, so the
 * values read after a load are that load's own: `ScriptDuration` is compile + run of every
 * script on the page (the variant's is the only one) and of the callbacks it scheduled, up to
 * the moment of reading, which is after the tracking request finished and the load event.
 * The `none` row (no script at all) shows the counters are per document: its script time is 0.
 */
import { chromiumArgs, findChromium } from '@partner-pixel/harness/playwright';
import { launchOverPipe } from './cdp.mjs';
import { HOSTS } from './server.mjs';

// navigator.webdriver = false, as for a buyer: @plausible-analytics/tracker ignores
// events from automated browsers and would otherwise send nothing at all. The certificate is
// the local server's own, made at start.
const EXTRA_ARGS = ['--disable-blink-features=AutomationControlled', '--ignore-certificate-errors'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const withTimeout = (promise, ms) =>
  Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`no answer within ${ms} ms`)))]);

/**
 * Starts the Chromium the browser tests use (the bench builds the harness first), with every
 * bench host mapped to the local server and nothing else resolvable, over the bare protocol
 * (lib/cdp.mjs says why not through Playwright).
 */
export async function launchBrowser(port) {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium found: run `node scripts/ensure-browser.mjs` first');
  const browser = await launchOverPipe(executablePath, chromiumArgs({ hosts: Object.values(HOSTS), port, args: EXTRA_ARGS }));
  return { browser, executablePath };
}

/**
 * One page per variant, each in its own browser context so no state crosses variants, with
 * two sessions on it: one reads CPU time, one wall time. Only Page and Performance are
 * enabled: the Runtime and Network domains would change what the scripts cost.
 */
async function openPages(browser, variants) {
  const pages = {};
  for (const v of variants) {
    const { browserContextId } = await browser.send('Target.createBrowserContext');
    const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank', browserContextId });
    const attach = async () => (await browser.send('Target.attachToTarget', { targetId, flatten: true })).sessionId;
    const [cpu, wall] = [await attach(), await attach()];
    await browser.send('Page.enable', {}, cpu);
    if (v.inspect) await browser.send('Runtime.enable', {}, cpu);
    await browser.send('Performance.enable', { timeDomain: 'threadTicks' }, cpu);
    await browser.send('Performance.enable', { timeDomain: 'timeTicks' }, wall);
    pages[v.id] = { browserContextId, cpu, wall };
  }
  return pages;
}

const metrics = async (browser, session) =>
  Object.fromEntries((await browser.send('Performance.getMetrics', {}, session)).metrics.map((m) => [m.name, m.value]));

let loadNumber = 0;

/** The partner parameters in the landing page's URL. */
export const LANDING_REFERRAL = { orid: '42', sid: 'spring' };

/** Loads the variant's page (`v.page`, default the receipt) once and returns what the browser measured. */
async function loadOnce(browser, server, p, v) {
  const n = ++loadNumber;
  // Every load is a buyer's first visit: no cookies, no ledger, no tracker ids from before.
  await browser.send(
    'Storage.clearDataForOrigin',
    { origin: `https://${HOSTS.page}`, storageTypes: 'cookies,local_storage' },
    p.cpu,
  );
  // When the tracking request reached the local server (nothing counts but what arrived).
  const pixel = v.kind ? withTimeout(server.next(v.kind), 20000) : null;
  const page = v.page || 'receipt';
  // A landing page is where a partner link leads: its URL carries the referral.
  const query = page == 'landing' ? `&orid=${LANDING_REFERRAL.orid}&sid=${LANDING_REFERRAL.sid}` : '';
  const loaded = browser.once('Page.loadEventFired', p.cpu);
  await browser.send('Page.navigate', { url: `https://${HOSTS.page}/${page}/${v.script || v.id}?n=${n}${query}` }, p.cpu);
  await withTimeout(loaded, 20000);
  const arrivedAt = pixel
    ? await pixel.catch((e) => {
        throw new Error(`${v.id}: its tracking request never reached the server (${e.message})`);
      })
    : NaN;
  // Let the answer's callbacks (image onload, ledger write, tracker bookkeeping) run.
  await sleep(50);
  const [cpu, wall] = await Promise.all([metrics(browser, p.cpu), metrics(browser, p.wall)]);
  // Read the page's own timings only after the counters: this evaluate is script time too.
  // (Runtime.evaluate needs no Runtime.enable.)
  const { result } = await browser.send(
    'Runtime.evaluate',
    {
      returnByValue: true,
      expression: `(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const script = performance.getEntriesByType('resource').find((e) => e.initiatorType == 'script');
        return {
          timeOrigin: performance.timeOrigin,
          dcl: nav.domContentLoadedEventStart,
          // From the last byte of HTML to DOMContentLoaded: parsing, plus any script that ran
          // in between; free of the navigation's own network and process noise.
          parse: nav.domContentLoadedEventStart - nav.responseEnd,
          load: nav.loadEventStart,
          scriptArrived: script ? script.responseEnd : NaN,
          // Whether the load left a referral cookie (the landing page's capture did its work).
          captured: /(?:^|; )pp_ref=/.test(document.cookie),
        };
      })()`,
    },
    p.cpu,
  );
  const timing = result.value;
  return {
    scriptCpu: cpu.ScriptDuration * 1000,
    taskCpu: cpu.TaskDuration * 1000,
    scriptWall: wall.ScriptDuration * 1000,
    // Navigation start and the request's arrival, both on this machine's clock.
    pixel: arrivedAt - timing.timeOrigin,
    dcl: timing.dcl,
    parse: timing.parse,
    load: timing.load,
    scriptArrived: timing.scriptArrived,
    captured: timing.captured,
  };
}

/**
 * Runs `runs` measured rounds (after `warmup` discarded ones) over all variants; each round
 * loads every variant once, starting one further along the list each time. A variant loads the
 * script of `v.script` (default its own id); with `v.inspect`, its page has DevTools' Runtime
 * domain enabled, as under Playwright, to show what that changes.
 * @returns samples per variant id, index i of every list from round i (for paired differences)
 */
export async function measureLoads(browser, server, variants, { runs, warmup, onRound }) {
  const pages = await openPages(browser, variants);
  const samples = Object.fromEntries(variants.map((v) => [v.id, []]));
  try {
    for (let round = 0; round < warmup + runs; round++) {
      const order = variants.map((_, i) => variants[(i + round) % variants.length]);
      const results = {};
      for (const v of order) results[v.id] = await loadOnce(browser, server, pages[v.id], v);
      if (round >= warmup) for (const v of variants) samples[v.id].push(results[v.id]);
      if (onRound) onRound(round + 1, warmup + runs);
    }
  } finally {
    for (const p of Object.values(pages)) await browser.send('Target.disposeBrowserContext', { browserContextId: p.browserContextId });
  }
  return samples;
}
