/**
 * The restart fault matrix: UltraCart's webhook simulator sends 500 orders (each twice, as
 * order_create and order_payment_process, redelivering whatever was not answered 2xx and some
 * that were) while the simulated ONTRAPORT fails, throttles and drops, and the bridge process
 * is killed with SIGKILL at random moments and at chosen ones (during intake, during a relay,
 * and after ONTRAPORT recorded a transaction but before the bridge heard so), then restarted
 * on the same database. In the end each order must be exactly one sale, to the cent.
 */
import Database from 'better-sqlite3';
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type HarnessServer } from '../../harness/src/server/server.js';
import { createOntraportRest } from '../../harness/src/ontraport/rest-api.js';
import { createWebhookSender, simOrder, type WebhookEvent } from '../../harness/src/ultracart/webhooks.js';
import { ENV, tempDb } from './helpers.js';

const ORDERS = 500;
const TIME_SCALE = 60;
const CHILD = fileURLToPath(new URL('./fixtures/bridge-child.mjs', import.meta.url));

function seeded(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}
const freePort = () => new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => { const { port } = probe.address() as { port: number }; probe.close(() => resolve(port)); });
});
const cents = (order: ReturnType<typeof simOrder>) => Math.round(order.summary.total.value * 100);

type Moment = 'during intake' | 'during a relay' | 'relay sent, not recorded' | 'idle';

describe('restart fault matrix', () => {
  let server: HarnessServer | undefined;
  let child: ChildProcess | undefined;
  afterAll(async () => { child?.kill('SIGKILL'); await server?.close(); });

  it(`${ORDERS} orders, SIGKILL at random moments: each order exactly one sale, to the cent`, async () => {
    const random = seeded(12);
    const now = () => Date.now() * TIME_SCALE;
    server = await startServer({ handlers: [], https: false });
    const origin = `http://127.0.0.1:${server.port}`;
    const ontraport = createOntraportRest({ origin, appId: ENV.ONTRAPORT_APP_ID, apiKey: ENV.ONTRAPORT_API_KEY, now });
    server.use(...ontraport.handlers);
    ontraport.setFaults({ fail: 0.04, drop: 0.02, dropAfter: 0.02, throttle: 0.01, random });

    const port = await freePort();
    const db = tempDb();
    const env = { ...process.env, ...ENV, ONTRAPORT_API_URL: origin, BRIDGE_SALES: 'api', BRIDGE_DB: db, PORT: String(port), TIME_SCALE: String(TIME_SCALE) };
    const kills: Record<Moment, number> = { 'during intake': 0, 'during a relay': 0, 'relay sent, not recorded': 0, idle: 0 };
    let intakeInFlight = 0, relayInFlight = 0, restarts = 0, restartMs = 0, killing = false, stopKilling = false;

    const start = () => new Promise<void>((resolve, reject) => {
      const c = fork(CHILD, [], { env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      let stderr = '';
      c.stderr!.on('data', (d) => (stderr += d));
      c.once('message', () => resolve());
      c.once('exit', (code, signal) => { if (signal != 'SIGKILL' && signal != 'SIGTERM') reject(new Error(`bridge exited ${code}: ${stderr}`)); });
      child = c;
    });
    /** SIGKILL, wait until the process is gone (so no answer reaches it), then restart it. */
    async function kill(moment: Moment) {
      // At most 40 kills: on a loaded machine each restart costs seconds, not the 0.75 s of a quiet one.
      if (killing || stopKilling || !child || restarts >= 40) return;
      killing = true;
      const dead = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await dead;
      kills[moment]++;
      restarts++;
      const t = Date.now();
      void start().finally(() => { restartMs += Date.now() - t; killing = false; });
    }
    const killNow = (moment: Moment) => (killing || stopKilling ? undefined : kill(moment));

    ontraport.setHooks({
      arrived: async () => { relayInFlight++; if (random() < 0.002) await killNow('during a relay'); },
      applied: async (call) => {
        relayInFlight--;
        if (call.endsWith('/transaction/processManual') && random() < 0.02) await killNow('relay sent, not recorded');
      },
    });
    await start();

    const orders = Array.from({ length: ORDERS }, (_, n) => simOrder({
      orderId: `DEMO-${String(n).padStart(6, '0')}`,
      // Every fifth buyer comes back: the contact is merged on email, not doubled.
      email: `buyer${n % 5 == 0 ? 'returning' + (n % 25) : n}@example.com`,
      tax: ((n % 7) * 37) / 100, shippingHandling: n % 3 ? 4.95 : 0, discount: n % 11 ? 0 : 1,
      items: [{ id: `SKU-${n % 9}`, cost: (1000 + (n % 13) * 115) / 100, quantity: 1 + (n % 3) }, ...(n % 4 ? [] : [{ id: 'SKU-KIT', cost: 2.5, quantity: 1 }])],
      customFields: { custom_field1: String(100 + (n % 17)) },
    }));
    const events: WebhookEvent[] = orders.flatMap((o) => [{ name: 'order_create', object: o }, { name: 'order_payment_process', object: o }]);
    const sender = createWebhookSender({
      url: `http://127.0.0.1:${port}/ultracart/webhook`, user: ENV.BRIDGE_WEBHOOK_USER, password: ENV.BRIDGE_WEBHOOK_PASSWORD, maxEvents: 10,
      onPost(phase) {
        intakeInFlight += phase == 'start' ? 1 : -1;
        if (phase == 'start' && random() < 0.08) setTimeout(() => void killNow('during intake'), random() * 3);
      },
    });
    const idleKiller = setInterval(() => {
      if (random() < 0.5) void killNow(intakeInFlight ? 'during intake' : relayInFlight ? 'during a relay' : 'idle');
    }, 3000);

    const started = Date.now();
    let redelivered = 0;
    sender.queue(...events);
    while (sender.pending() > 0) {
      await sender.deliver();
      // UltraCart may send again what it already delivered: one batch in ten, twice.
      if (random() < 0.1) { redelivered += 10; await sender.redeliver(events.slice(Math.floor(random() * (events.length - 10))).slice(0, 10)); }
      if (sender.pending()) await new Promise((r) => setTimeout(r, 50));
    }
    const delivered = Date.now() - started;
    // Keep killing while the queue drains, then let the last bridge finish.
    const reader = new Database(db, { readonly: true });
    const queued = () => (reader.prepare("SELECT count(*) n FROM jobs WHERE status = 'queued'").get() as { n: number }).n;
    while (queued() > ORDERS / 5) await new Promise((r) => setTimeout(r, 100));
    stopKilling = true;
    clearInterval(idleKiller);
    while (killing) await new Promise((r) => setTimeout(r, 20));
    const deadline = Date.now() + 180_000;
    while (queued() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const givenUp = reader.prepare("SELECT key, last_error FROM jobs WHERE status = 'given_up'").all();
    reader.close();
    const drained = Date.now() - started;

    const byOrder = new Map<string, typeof ontraport.transactions>();
    for (const t of ontraport.transactions) byOrder.set(t.orderId!, [...(byOrder.get(t.orderId!) ?? []), t]);
    const recorded = orders.filter((o) => byOrder.get(o.order_id)?.length == 1).length;
    const lost = orders.filter((o) => !byOrder.has(o.order_id)).length;
    const doubled = orders.filter((o) => (byOrder.get(o.order_id)?.length ?? 0) > 1).length;
    const expectedCents = orders.reduce((s, o) => s + cents(o), 0);
    const loggedCents = ontraport.transactions.reduce((s, t) => s + Math.round(Number(t.total) * 100), 0);
    const wrongTotal = orders.filter((o) => { const t = byOrder.get(o.order_id); return t?.length == 1 && Math.round(Number(t[0].total) * 100) != cents(o); }).length;

    const rows: [string, string | number][] = [
      ['orders sent', ORDERS], ['webhook POSTs', sender.stats().posts], ['POSTs not answered 2xx (redelivered)', sender.stats().failures], ['events redelivered after a 2xx', redelivered],
      ...Object.entries(kills).map(([k, v]): [string, number] => [`SIGKILL ${k}`, v]), ['restarts', restarts], ['mean restart (ms)', Math.round(restartMs / Math.max(1, restarts))],
      ['ONTRAPORT requests', ontraport.stats().requests], ['most in any 60 s (simulated)', ontraport.stats().maxInWindow],
      ['recorded exactly once', recorded], ['lost', lost], ['doubled', doubled], ['total off by a cent or more', wrongTotal],
      ['cents expected / logged', `${expectedCents} / ${loggedCents}`], ['given up', givenUp.length],
      ['delivered / drained (s)', `${(delivered / 1000).toFixed(1)} / ${(drained / 1000).toFixed(1)}`],
    ];
    console.log('restart fault matrix\n' + rows.map(([k, v]) => `  ${k.padEnd(40)} ${v}`).join('\n'));

    expect(givenUp).toEqual([]);
    expect({ recorded, lost, doubled, wrongTotal }).toEqual({ recorded: ORDERS, lost: 0, doubled: 0, wrongTotal: 0 });
    expect(loggedCents).toBe(expectedCents);
    expect(ontraport.stats().maxInWindow).toBeLessThanOrEqual(180);
    // The matrix must have hit every moment it names, or it proves less than it says.
    expect(Math.min(kills['during intake'], kills['during a relay'], kills['relay sent, not recorded'])).toBeGreaterThan(0);
    expect(new Set(ontraport.contacts.map((c) => c.email)).size).toBe(ontraport.contacts.length);
  }, 600_000);
});
