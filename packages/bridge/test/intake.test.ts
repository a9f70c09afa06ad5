import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookSender, simOrder } from '../../harness/src/ultracart/webhooks.js';
import { ENV, setup, until } from './helpers.js';

let env: Awaited<ReturnType<typeof setup>> | undefined;
afterEach(async () => { await env?.close(); env = undefined; }, 30_000);

const order = (id: string, more = {}) => simOrder({ orderId: id, email: `${id}@example.com`, tax: 1.2, shippingHandling: 5, items: [{ id: 'SKU-1', cost: 19.95, quantity: 2 }], customFields: { custom_field1: '42' }, ...more });
const post = (url: string, body: unknown, auth = 'Basic ' + Buffer.from(`${ENV.BRIDGE_WEBHOOK_USER}:${ENV.BRIDGE_WEBHOOK_PASSWORD}`).toString('base64')) =>
  fetch(url, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: typeof body == 'string' ? body : JSON.stringify(body) });

describe('intake', () => {
  it('401 on wrong credentials and stores nothing', async () => {
    env = await setup();
    expect((await post(env.url, { events: [{ order_create: order('A') }] }, 'Basic ' + Buffer.from('uc:nope').toString('base64'))).status).toBe(401);
    expect((await post(env.url, { events: [{ order_create: order('A') }] }, '')).status).toBe(401);
    expect(env.bridge.store.status().events).toEqual([]);
  });
  it('400 on a non-envelope, 413 on an oversized body, storing nothing', async () => {
    env = await setup();
    expect((await post(env.url, '{not json')).status).toBe(400);
    expect((await post(env.url, { event: [] })).status).toBe(400);
    expect((await post(env.url, { events: [{ a: 1, b: 2 }] })).status).toBe(400);
    expect((await post(env.url, 'x'.repeat(9 * 1024 * 1024)).catch(() => ({ status: 413 }))).status).toBe(413);
    expect(env.bridge.store.status().events).toEqual([]);
    expect((await fetch(env.url.replace('/ultracart/webhook', '/healthz'))).status).toBe(200);
  });
  it('takes a gzip body (Content-Encoding: gzip), and refuses one inflating past the limit, a corrupt one and other encodings, storing nothing', async () => {
    env = await setup();
    const auth = 'Basic ' + Buffer.from(`${ENV.BRIDGE_WEBHOOK_USER}:${ENV.BRIDGE_WEBHOOK_PASSWORD}`).toString('base64');
    const send = (body: Buffer, encoding: string) =>
      fetch(env!.url, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json', 'Content-Encoding': encoding }, body: new Uint8Array(body) });
    // 9 MiB of JSON whitespace gzips to a few KiB: under the limit as sent, over it inflated.
    const bomb = gzipSync(Buffer.from('{"events":[' + ' '.repeat(9 * 1024 * 1024) + ']}'));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const tooBig = await send(bomb, 'gzip');
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({ error: `body inflates past ${8 * 1024 * 1024} bytes` });
    expect((await send(Buffer.from('not gzip at all'), 'gzip')).status).toBe(400);
    expect((await send(Buffer.from('{}'), 'br')).status).toBe(415);
    expect(env.bridge.store.status().events).toEqual([]);
    const ok = await send(gzipSync(Buffer.from(JSON.stringify({ events: [{ order_create: order('GZ1') }] }))), 'gzip');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ stored: 1, queued: 1 });
    await until(() => env!.ontraport.transactions.some((t) => t.orderId == 'GZ1'));
  });
  it('stores unknown kinds as ignored, bad events as refused, and keeps the valid ones', async () => {
    env = await setup();
    const hostile = order('H', { items: [{ id: '<script>alert(1)</script>', cost: 1e15, quantity: 1 }] });
    const huge = order('M', { items: [{ id: 'A', description: 'x'.repeat(1024 * 1024), cost: 1, quantity: 1 }] });
    const ctl = order('C', { email: 'a\u0000@b.co' });
    const r = await post(env.url, { events: [{ order_create: order('OK1') }, { customer_update: { id: 1 } }, { order_create: hostile }, { order_create: huge }, { order_create: ctl }, { order_create: { order_id: 5 } }] });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body).toMatchObject({ stored: 6, queued: 1, ignored: 1, refused: 4 });
    await until(() => env!.ontraport.transactions.length == 1);
    expect(env.ontraport.transactions[0].orderId).toBe('OK1');
  });
  it('exactly once however often UltraCart redelivers, retrying 5xx, 429 and drops', async () => {
    env = await setup();
    let n = 0;
    env.ontraport.setFaults({ fail: 0.15, drop: 0.05, dropAfter: 0.05, throttle: 0.02, random: () => ((n = (n * 9301 + 49297) % 233280) / 233280) });
    const sender = createWebhookSender({ url: env.url, user: ENV.BRIDGE_WEBHOOK_USER, password: ENV.BRIDGE_WEBHOOK_PASSWORD });
    const events = Array.from({ length: 20 }, (_, i) => ({ name: i % 2 ? 'order_payment_process' : 'order_create', object: order('R' + i) }));
    sender.queue(...events);
    await sender.deliver();
    await sender.redeliver(events.slice(0, 10));
    await sender.redeliver(events.map((e) => ({ ...e, name: 'order_payment_process' })));
    await until(() => env!.bridge.store.status().queued == 0, 60_000);
    const ids = env.ontraport.transactions.filter((t) => t.status == 'paid').map((t) => t.orderId).sort();
    expect(ids).toEqual(events.map((e) => (e.object as { order_id: string }).order_id).sort());
    expect(env.bridge.store.status().givenUp).toEqual([]);
  }, 120_000);
  it('partial refund voids and logs the net; full refund reverses; a decline reaches ONTRAPORT', async () => {
    env = await setup();
    const sender = createWebhookSender({ url: env.url, user: ENV.BRIDGE_WEBHOOK_USER, password: ENV.BRIDGE_WEBHOOK_PASSWORD });
    sender.queue({ name: 'order_create', object: order('F') });
    await sender.deliver();
    await until(() => env!.ontraport.transactions.length == 1);
    sender.queue({ name: 'order_refund', object: order('F', { refunded: 10 }) });
    await sender.deliver();
    await until(() => env!.ontraport.transactions.length == 2);
    expect(env.ontraport.transactions.map((t) => [t.status, t.total])).toEqual([['void', '46.10'], ['paid', '36.10']]);
    sender.queue({ name: 'order_refund', object: order('F', { refunded: 46.1 }) }, { name: 'order_payment_failed', object: order('D', { paymentStatus: 'Declined' }) });
    await sender.deliver();
    await until(() => env!.bridge.store.status().queued == 0 && env!.ontraport.transactions.length == 3);
    expect(env.ontraport.transactions.map((t) => [t.orderId, t.status])).toEqual([['F', 'void'], ['F', 'refunded'], ['D (declined)', 'declined']]);
    expect(env.ontraport.contacts.find((c) => c.email == 'F@example.com')).toMatchObject({ freferrer: '42', lreferrer: '42' });
  });
  it('pixel mode sends the sale through partner-pixel/wire, once', async () => {
    env = await setup('pixel');
    const sender = createWebhookSender({ url: env.url, user: ENV.BRIDGE_WEBHOOK_USER, password: ENV.BRIDGE_WEBHOOK_PASSWORD });
    sender.queue({ name: 'order_create', object: order('P1') }, { name: 'order_payment_process', object: order('P1') });
    await sender.deliver();
    await until(() => env!.bridge.store.status().queued == 0 && env!.ontraport.pixels.length == 1);
    expect(env.ontraport.pixels[0].query).toContain('orid=42');
    expect(env.ontraport.transactions).toEqual([]);
  });
});
