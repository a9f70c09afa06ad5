/**
 * The browser half of the bench: the same receipt page loaded again and again in Chromium,
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
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '@partner-pixel/harness/playwright';
import { HOSTS } from './server.mjs';

// navigator.webdriver = false, as for a buyer: @plausible-analytics/tracker ignores
// events from automated browsers and would otherwise send nothing at all.
const EXTRA_ARGS = ['--disable-blink-features=AutomationControlled'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const withTimeout = (promise, ms) =>
  Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`no answer within ${ms} ms`)))]);

/** The same Chromium the browser tests use (the bench builds the harness first). */
async function chromiumPath() {
  const found = findChromium();
  if (!found) throw new Error('no Chromium found: run `node scripts/ensure-browser.mjs` first');
  return found;
}

/** Starts Chromium with every bench host mapped to the local server and nothing else resolvable. */
export async function launchBrowser(port) {
  const executablePath = await chromiumPath();
  const args = chromiumArgs({ hosts: Object.values(HOSTS), port, args: EXTRA_ARGS });
  const browser = await chromium.launch({ executablePath, args });
  return { browser, executablePath };
}

/** Which request is "the pixel" for each kind of tracker. */
const PIXEL_PATTERNS = {
  pixel: `^https://${HOSTS.pixel.replace(/\./g, '\\.')}/p\\?`,
  plausible: `^https://${HOSTS.plausible.replace(/\./g, '\\.')}/api/event`,
  snowplow: `^https://${HOSTS.snowplow.replace(/\./g, '\\.')}/com\\.snowplowanalytics\\.snowplow/`,
};

/** One page per variant, each in its own browser context so no state crosses variants. */
async function openPages(browser, variants) {
  const pages = {};
  for (const v of variants) {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const cpu = await context.newCDPSession(page);
    const wall = await context.newCDPSession(page);
    await cpu.send('Performance.enable', { timeDomain: 'threadTicks' });
    await wall.send('Performance.enable', { timeDomain: 'timeTicks' });
    // For the moment each request leaves (keepalive fetches have no Resource Timing entry).
    await cpu.send('Network.enable');
    pages[v.id] = { context, page, cpu, wall };
  }
  return pages;
}

const metrics = async (session) =>
  Object.fromEntries((await session.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));

let loadNumber = 0;

/** Loads the receipt page once for a variant and returns what the browser measured. */
async function loadOnce(server, p, v) {
  const n = ++loadNumber;
  // Every load is a buyer's first visit: no cookies, no ledger, no tracker ids from before.
  await p.cpu.send('Storage.clearDataForOrigin', {
    origin: `https://${HOSTS.page}`,
    storageTypes: 'cookies,local_storage',
  });
  const pattern = v.kind ? new RegExp(PIXEL_PATTERNS[v.kind]) : null;
  const pixel = v.kind ? withTimeout(server.next(v.kind), 20000) : null;
  let sentAt = NaN;
  const onRequest = (e) => {
    if (pattern && Number.isNaN(sentAt) && pattern.test(e.request.url)) sentAt = e.wallTime * 1000;
  };
  p.cpu.on('Network.requestWillBeSent', onRequest);
  await p.page.goto(`https://${HOSTS.page}/receipt/${v.id}?n=${n}`, { waitUntil: 'load', timeout: 20000 });
  if (pixel)
    await pixel.catch((e) => {
      throw new Error(`${v.id}: its tracking request never reached the server (${e.message})`);
    });
  // Let the answer's callbacks (image onload, ledger write, tracker bookkeeping) run.
  await sleep(50);
  p.cpu.off('Network.requestWillBeSent', onRequest);
  const [cpu, wall] = await Promise.all([metrics(p.cpu), metrics(p.wall)]);
  // Read the page's own timings only after the counters: this evaluate is script time too.
  const timing = await p.page.evaluate(() => {
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
    };
  });
  return {
    scriptCpu: cpu.ScriptDuration * 1000,
    taskCpu: cpu.TaskDuration * 1000,
    scriptWall: wall.ScriptDuration * 1000,
    // Navigation start and the request's wall time, both on this machine's clock.
    pixel: sentAt - timing.timeOrigin,
    dcl: timing.dcl,
    parse: timing.parse,
    load: timing.load,
    scriptArrived: timing.scriptArrived,
  };
}

/**
 * Runs `runs` measured rounds (after `warmup` discarded ones) over all variants; each round
 * loads every variant once, starting one further along the list each time.
 * @returns samples per variant id, index i of every list from round i (for paired differences)
 */
export async function measureLoads(browser, server, variants, { runs, warmup, onRound }) {
  const pages = await openPages(browser, variants);
  const samples = Object.fromEntries(variants.map((v) => [v.id, []]));
  try {
    for (let round = 0; round < warmup + runs; round++) {
      const order = variants.map((_, i) => variants[(i + round) % variants.length]);
      const results = {};
      for (const v of order) results[v.id] = await loadOnce(server, pages[v.id], v);
      if (round >= warmup) for (const v of variants) samples[v.id].push(results[v.id]);
      if (onRound) onRound(round + 1, warmup + runs);
    }
  } finally {
    for (const p of Object.values(pages)) await p.context.close();
  }
  return samples;
}
