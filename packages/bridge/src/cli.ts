/** `partner-pixel-bridge serve | sync-products [--dry-run] | status`. */
import { SingleBar } from 'cli-progress';
import Table from 'cli-table3';
import { startBridge, ONTRAPORT_LIMIT } from './bridge.js';
import { systemClock } from './clock.js';
import { readConfig, type BridgeConfig } from './config.js';
import { limitedHttp } from './http.js';
import { DEFAULT_MAPPING } from './mapping.js';
import { ontraportApi } from './ontraport.js';
import { createLimiter } from './rate-limit.js';
import { openStore, type StatusReport } from './store.js';
import { syncProducts } from './sync.js';

const USAGE = `usage: partner-pixel-bridge <command>
  serve                    take UltraCart webhooks and relay them to ONTRAPORT
  sync-products [--dry-run] copy every UltraCart item to ONTRAPORT products
  status                   queue depth, retries, events given up on, last delivery of each kind
Settings come from environment variables; see docs/bridge.md.`;

function config(): BridgeConfig {
  const result = readConfig(process.env);
  if (result.ok) return result.config;
  console.error('partner-pixel-bridge cannot start:\n' + result.errors.map((e) => '  - ' + e).join('\n'));
  process.exit(2);
}

/** The status report as text; it holds counts, keys and reasons only, never a setting. */
export function formatStatus(s: StatusReport): string {
  const lines = [`queue: ${s.queued} waiting (${s.retrying} of them retrying), ${s.done} done, ${s.givenUp.length} given up`];
  const events = new Table({ head: ['event', 'status', 'count', 'last received'] });
  for (const e of s.events) events.push([e.name, e.status, e.count, e.last]);
  lines.push(events.toString());
  if (s.givenUp.length) {
    const given = new Table({ head: ['job', 'given up at', 'reason'], colWidths: [30, 26, 60], wordWrap: true });
    for (const g of s.givenUp) given.push([g.key, g.at, g.reason]);
    lines.push('given up:', given.toString());
  }
  return lines.join('\n');
}

async function sync(dryRun: boolean) {
  const c = config();
  if (!c.ultracart.apiKey) { console.error('partner-pixel-bridge sync-products: ULTRACART_API_KEY is not set'); process.exit(2); }
  const store = openStore(c.db);
  const mapping = { ...DEFAULT_MAPPING, partnerFields: c.partnerFields };
  const limiter = createLimiter(ONTRAPORT_LIMIT.requests, ONTRAPORT_LIMIT.windowMs, systemClock);
  const api = ontraportApi(c.ontraport.apiUrl, c.ontraport.appId, c.ontraport.apiKey, limitedHttp(limiter, systemClock), mapping);
  const bar = new SingleBar({ format: 'products [{bar}] {value}/{total}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5000 });
  let started = false;
  const report = await syncProducts({
    apiUrl: c.ultracart.apiUrl, apiKey: c.ultracart.apiKey, clock: systemClock, api, store, mapping, dryRun,
    onProgress: (done, total) => { if (!started) { bar.start(total, 0); started = true; } bar.update(done); },
  });
  if (started) bar.stop();
  store.close();
  const table = new Table({ head: [dryRun ? 'plan' : 'result', 'products'] });
  for (const [k, v] of Object.entries(report.counts)) table.push([dryRun && k != 'failed' ? `would be ${k}` : k, v]);
  console.log(table.toString());
  for (const f of report.failures.slice(0, 20)) console.log(`failed ${f.item}: ${f.reason}`);
  process.exitCode = report.counts.failed ? 1 : 0;
}

export async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (command == 'serve') {
    const bridge = await startBridge({ config: config(), log: (line) => console.log(new Date().toISOString(), line) });
    console.log(`partner-pixel-bridge listening on port ${bridge.port}: POST /ultracart/webhook, GET /healthz`);
    const stop = () => void bridge.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } else if (command == 'sync-products') await sync(rest.includes('--dry-run'));
  else if (command == 'status') {
    // status needs only the database; it reads no other setting, so it can print none.
    const store = openStore(process.env.BRIDGE_DB?.trim() || './partner-pixel-bridge.sqlite');
    console.log(formatStatus(store.status()));
    store.close();
  } else {
    console.error(USAGE);
    process.exitCode = command ? 2 : 0;
  }
}
