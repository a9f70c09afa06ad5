import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookSender, simOrder } from '../../harness/src/ultracart/webhooks.js';
import { catalog } from '../../harness/src/ultracart/rest-api.js';
import { formatStatus } from '../src/index.js';
import { ENV, setup, until } from './helpers.js';

let env: Awaited<ReturnType<typeof setup>> | undefined;
afterEach(async () => { await env?.close(); env = undefined; }, 30_000);

const order = (id: string, more = {}) => simOrder({ orderId: id, email: `${id}@example.com`, tax: 1.2, shippingHandling: 5, items: [{ id: 'SKU-1', cost: 19.95, quantity: 2 }], customFields: { custom_field1: '42' }, ...more });
const sender = () => createWebhookSender({ url: env!.url, user: ENV.BRIDGE_WEBHOOK_USER, password: ENV.BRIDGE_WEBHOOK_PASSWORD });
async function send(...events: { name: string; object: unknown }[]) {
  const s = sender();
  s.queue(...events);
  expect(await s.deliver()).toBe(0);
}
const drained = () => until(() => env!.bridge.store.status().queued == 0);

describe('products from item webhooks', () => {
  it('item_create creates the product, item_update updates the same one, a redelivery writes nothing', async () => {
    env = await setup();
    const [item] = catalog(1);
    await send({ name: 'item_create', object: item });
    await until(() => env!.ontraport.products.length == 1);
    expect(env.ontraport.products[0].fields).toMatchObject({ name: 'Product 1', price: '5.00', sku: 'ITEM-00001' });
    const renamed = { ...item, description: 'Product One', last_modified_dts: '2026-02-01T00:00:00-05:00' };
    await send({ name: 'item_update', object: renamed });
    await until(() => env!.ontraport.products[0].fields.name == 'Product One');
    await drained();
    const requests = env.ontraport.stats().requests;
    await send({ name: 'item_update', object: renamed }, { name: 'item_update', object: { ...renamed, last_modified_dts: '2026-02-01T00:00:01-05:00' } });
    await drained();
    expect(env.ontraport.products).toHaveLength(1);
    expect(env.ontraport.stats().requests).toBe(requests);
  });
});

describe('status', () => {
  it('shows what was given up on and why, and never a secret', async () => {
    env = await setup('api', undefined, { env: { ONTRAPORT_API_KEY: 'wrong-key-secret' } });
    await send({ name: 'order_create', object: order('G1') });
    await until(() => env!.bridge.store.status().givenUp.length == 1);
    const status = env.bridge.store.status();
    expect(status.givenUp[0]).toMatchObject({ key: 'sale:G1', reason: expect.stringContaining('HTTP 401, check the API credentials') });
    const text = formatStatus(status);
    expect(text).toContain('sale:G1');
    expect(text).toContain('check the API credentials');
    expect(text).toMatch(/1 given up/);
    for (const secret of ['wrong-key-secret', ENV.BRIDGE_WEBHOOK_PASSWORD, ENV.ONTRAPORT_APP_ID]) expect(text).not.toContain(secret);
  });
});

describe('ONTRAPORT timeouts', () => {
  it('a call that does not answer in time is retried, and the sale still lands once', async () => {
    env = await setup('api', undefined, { timeoutMs: 150 });
    let n = 0;
    // Every other request of the first six hangs past the bridge's timeout.
    env.ontraport.setFaults({ slow: 1, slowMs: 600, random: () => (n++ < 6 && n % 2 ? 0 : 1) });
    await send({ name: 'order_create', object: order('T1') });
    await drained();
    expect(env.ontraport.transactions.filter((t) => t.orderId == 'T1')).toHaveLength(1);
    expect(env.bridge.store.status()).toMatchObject({ givenUp: [] });
    // Three calls make the sale (contact look-up, save, transaction); each hang cost one more.
    expect(env.ontraport.stats().requests).toBeGreaterThanOrEqual(6);
  });
});

describe('BRIDGE_SALES=off', () => {
  it('sends no sale, and still relays refunds, declines and products', async () => {
    env = await setup('off');
    await send({ name: 'order_create', object: order('O1') }, { name: 'order_payment_process', object: order('O1') }, { name: 'item_create', object: catalog(1)[0] });
    await drained();
    expect(env.ontraport.transactions).toEqual([]);
    expect(env.ontraport.pixels).toEqual([]);
    expect(env.ontraport.products).toHaveLength(1);
    expect(env.bridge.store.status().events).toContainEqual(expect.objectContaining({ name: 'order_create', status: 'ignored' }));
    // The receipt tag reported the sale; ONTRAPORT holds it as a transaction for the order.
    env.ontraport.contacts.push({ id: 900, email: 'O1@example.com', fields: {} });
    env.ontraport.transactions.push({ id: 901, contactId: 900, orderId: 'O1', status: 'paid', total: '46.10', body: {} });
    await send({ name: 'order_refund', object: order('O1', { refunded: 46.1 }) }, { name: 'order_payment_failed', object: order('D1', { paymentStatus: 'Declined' }) });
    await drained();
    expect(env.ontraport.transactions.map((t) => [t.orderId, t.status])).toEqual([['O1', 'refunded'], ['D1 (declined)', 'declined']]);
  });
});

describe('api mode', () => {
  it('saves the contact with its referrers, uses the synced product, logs without charging and keeps the id', async () => {
    env = await setup('api');
    await send({ name: 'item_create', object: { ...catalog(1)[0], merchant_item_id: 'SKU-1' } });
    await until(() => env!.ontraport.products.length == 1);
    await send({ name: 'order_payment_process', object: order('A1') });
    await drained();
    expect(env.ontraport.products).toHaveLength(1);
    const [t] = env.ontraport.transactions;
    expect(t.body).toMatchObject({ chargeNow: 'chargeLog', invoice_template: -1, external_order_id: 'A1', offer: { products: [{ id: String(env.ontraport.products[0].id), quantity: 2 }], grandTotal: '46.10' } });
    expect(env.ontraport.contacts[0]).toMatchObject({ email: 'A1@example.com', freferrer: '42', lreferrer: '42' });
    expect(env.bridge.store.kv('transaction:A1')).toBe(String(t.id));
    // A later order of the same buyer through another partner changes only the last referrer.
    await send({ name: 'order_payment_process', object: order('A2', { email: 'A1@example.com', customFields: { custom_field1: '77' } }) });
    await drained();
    expect(env.ontraport.contacts).toHaveLength(1);
    expect(env.ontraport.contacts[0]).toMatchObject({ freferrer: '42', lreferrer: '77' });
  });
});

describe('a decline and a sale of one order', () => {
  it('a card declined, then another accepted: two transactions, and a retry of the sale after a lost answer finds its own, not the decline', async () => {
    env = await setup('api');
    await send({ name: 'order_payment_failed', object: order('DS1', { paymentStatus: 'Declined' }) });
    await until(() => env!.ontraport.transactions.some((t) => t.status == 'declined'));
    await drained();
    // The sale's processManual is applied and its answer lost: the retry must look it up.
    const calls: string[] = [];
    env.ontraport.setHooks({ arrived: (call) => void calls.push(call) });
    let n = 0;
    env.ontraport.setFaults({ dropAfter: 1, random: () => (++n == 3 ? 0 : 1) });
    await send({ name: 'order_payment_process', object: order('DS1') });
    await drained();
    expect(calls.slice(0, 3)).toEqual(['GET /1/Contacts', 'POST /1/Contacts/saveorupdate', 'POST /1/transaction/processManual']);
    expect(env.ontraport.transactions.map((t) => [t.orderId, t.status])).toEqual([['DS1 (declined)', 'declined'], ['DS1', 'paid']]);
    expect(env.bridge.store.kv('transaction:DS1')).toBe(String(env.ontraport.transactions[1].id));
    expect(env.bridge.store.status().givenUp).toEqual([]);
  });
});

describe('BRIDGE_ATTRIBUTION', () => {
  const both = (id: string) => order(id, { customFields: { custom_field1: '42', custom_field4: '7' } });
  const fields = { BRIDGE_PARTNER_FIELDS: 'orid:custom_field1,first_orid:custom_field4' };
  it('first: the pixel credits the first referral when the order carries both', async () => {
    env = await setup('pixel', undefined, { env: { ...fields, BRIDGE_ATTRIBUTION: 'first' } });
    await send({ name: 'order_create', object: both('B1') });
    await until(() => env!.ontraport.pixels.length == 1);
    expect(new URLSearchParams(env.ontraport.pixels[0].query).get('orid')).toBe('7');
  });
  it('last: the pixel credits the last referral; in api mode a new contact gets both referrers', async () => {
    env = await setup('pixel', undefined, { env: fields });
    await send({ name: 'order_create', object: both('B2') });
    await until(() => env!.ontraport.pixels.length == 1);
    expect(new URLSearchParams(env.ontraport.pixels[0].query).get('orid')).toBe('42');
    await env.close();
    env = await setup('api', undefined, { env: { ...fields, BRIDGE_ATTRIBUTION: 'first' } });
    await send({ name: 'order_create', object: both('B3') });
    await until(() => env!.ontraport.transactions.length == 1);
    expect(env.ontraport.contacts[0]).toMatchObject({ freferrer: '7', lreferrer: '42' });
  });
});

describe('the command line', () => {
  const bin = fileURLToPath(new URL('../bin/partner-pixel-bridge.mjs', import.meta.url));
  it('stops at start naming a missing or malformed variable, never echoing a secret', () => {
    const run = (extra: Record<string, string>) => spawnSync(process.execPath, [bin, 'serve'], { env: { PATH: process.env.PATH, ...ENV, ONTRAPORT_PIXEL_HOST: 'acme.ontraport.com', ...extra }, encoding: 'utf8', timeout: 20_000 });
    const missing = run({ BRIDGE_WEBHOOK_PASSWORD: '' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('BRIDGE_WEBHOOK_PASSWORD is not set');
    const bad = run({ BRIDGE_ATTRIBUTION: 'middle', ONTRAPORT_API_URL: 'ftp://x', BRIDGE_WEBHOOK_USER: 'u\u0007-secret' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('BRIDGE_ATTRIBUTION="middle"');
    expect(bad.stderr).toContain('ONTRAPORT_API_URL="ftp://x"');
    expect(bad.stderr).toContain('BRIDGE_WEBHOOK_USER holds control characters');
    expect(bad.stderr).not.toContain('-secret');
  });
});
