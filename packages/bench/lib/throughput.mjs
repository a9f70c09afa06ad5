/**
 * Harness throughput: the simulated ONTRAPORT behind the harness server on loopback (plain
 * http, so TLS does not hide the harness's own cost), hammered by concurrent Node fetch
 * clients with a known share of repeated order ids. The check is exact: every unique order
 * recorded once, every repeat answered as a duplicate, nothing lost.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildQuery } from 'partner-pixel/wire';

/** A small seeded generator, so every run sends the same sequence. */
function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Loads the harness, or says why it cannot. */
async function loadHarness() {
  const entry = fileURLToPath(new URL('../../harness/dist/index.js', import.meta.url));
  if (!existsSync(entry)) return { missing: 'packages/harness/dist/index.js is not built' };
  try {
    const mod = await import(entry);
    if (typeof mod.createOntraport != 'function' || typeof mod.startServer != 'function')
      return { missing: 'packages/harness/dist/index.js does not export createOntraport and startServer' };
    return { mod };
  } catch (e) {
    return { missing: `packages/harness/dist/index.js failed to load: ${e.message}` };
  }
}

/**
 * Fires `total` pixels from `clients` concurrent clients, `repeatShare` of them repeating an
 * order id sent before (in the shuffled order, possibly still in flight: the race is the point).
 * @returns the counts and rate, or `{ skipped }` when the harness is not there
 */
export async function measureThroughput({ total = 5000, clients = 32, repeatShare = 0.1, warmup = 300 } = {}) {
  const { mod, missing } = await loadHarness();
  if (!mod) return { skipped: missing };
  const server = await mod.startServer({ handlers: [], https: false });
  const origin = `http://127.0.0.1:${server.port}`;
  const ontraport = mod.createOntraport({ origin });
  server.use(...ontraport.handlers);
  try {
    const partner = ontraport.addPartner({ firstName: 'Pat', lastName: 'Partner', email: 'pat@example.com' });
    const random = mulberry32(5);
    const query = (orderId, i) =>
      buildQuery({
        orderId,
        email: `buyer${i}@example.com`,
        items: [{ id: 'SKU-1', price: 1995, quantity: 2 }],
        tax: 120,
        shipping: 600,
        referral: { orid: String(partner.id) },
      });

    const run = async (urls) => {
      let next = 0;
      const answers = { gif: 0, other: 0, errors: 0 };
      const client = async () => {
        while (next < urls.length) {
          const url = urls[next++];
          try {
            const res = await fetch(url);
            const body = await res.arrayBuffer();
            if (res.status == 200 && res.headers.get('content-type') == 'image/gif' && body.byteLength > 0) answers.gif++;
            else answers.other++;
          } catch {
            answers.errors++;
          }
        }
      };
      const t0 = performance.now();
      await Promise.all(Array.from({ length: clients }, client));
      return { ms: performance.now() - t0, answers };
    };

    // Warm the JIT and the connection pool, then start from an empty account (partner kept).
    await run(Array.from({ length: warmup }, (_, i) => `${origin}/p?${query(`WARM-${i}`, i)}`));
    ontraport.clearActivity();

    const repeats = Math.round(total * repeatShare);
    const unique = total - repeats;
    const ids = Array.from({ length: unique }, (_, i) => `UC-${100000 + i}`);
    const sequence = [...ids, ...Array.from({ length: repeats }, () => ids[Math.floor(random() * unique)])];
    for (let i = sequence.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [sequence[i], sequence[j]] = [sequence[j], sequence[i]];
    }
    const urls = sequence.map((id, i) => `${origin}/p?${query(id, i)}`);
    const { ms, answers } = await run(urls);

    const hits = ontraport.pixels();
    const outcomes = {};
    for (const h of hits) outcomes[h.outcome] = (outcomes[h.outcome] || 0) + 1;
    const purchases = ontraport.purchases();
    const distinctRecorded = new Set(purchases.map((p) => p.orderId)).size;
    return {
      total,
      clients,
      unique,
      repeats,
      ms,
      rate: (total / ms) * 1000,
      answers,
      seen: hits.length,
      recorded: outcomes.recorded || 0,
      duplicates: outcomes.duplicate || 0,
      otherOutcomes: hits.length - (outcomes.recorded || 0) - (outcomes.duplicate || 0),
      purchases: purchases.length,
      distinctRecorded,
      exact:
        hits.length == total &&
        (outcomes.recorded || 0) == unique &&
        (outcomes.duplicate || 0) == repeats &&
        purchases.length == unique &&
        distinctRecorded == unique &&
        answers.gif == total,
    };
  } finally {
    await server.close();
  }
}
