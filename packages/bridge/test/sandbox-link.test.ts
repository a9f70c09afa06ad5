/**
 * "Tag + bridge" as the sandbox runs it, in Node: the simulated store's webhooks reach the real
 * bridge, whose REST calls and server-side pixel land in the same simulated ONTRAPORT account
 * as the tags' pixels. The browser version of the flow is e2e/bridge.spec.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildQuery, readOrder, toPayload } from 'partner-pixel/wire';
import { call, form } from '../../harness/test/helpers.js';
import { createSimulation, linkBridge, TEST_BUYER, TEST_CARDS, type BridgeLink, type Simulation } from '../../harness/src/index.js';
import * as bridgeModule from '../src/index.js';
import { until } from './helpers.js';

const STORE = 'https://secure.ultracart.com';
let sim: Simulation;
let link: BridgeLink | undefined;
afterEach(async () => { await link?.close(); link = undefined; });

async function start(sales: 'pixel' | 'api' = 'pixel') {
  sim = createSimulation({ ontraportOrigin: 'https://acme.ontraport.com', storeOrigin: STORE, merchantOrigin: 'https://www.merchant.example' });
  link = await linkBridge(sim, bridgeModule as never, { sales });
  const partner = sim.ontraport.addPartner({ firstName: 'Paula', lastName: 'Partner', email: 'paula@partners.example' });
  return partner;
}

/** Three products, SAVE5, the partner in CustomField1 as the page tag's decorated link carries it. */
const cart = (orid: number, more: Record<string, string> = {}) => ({
  item: 'SKU-1,SKU-2,SKU-3', qty: '2,1,1', email: 'ada@example.com', ...TEST_BUYER, card: TEST_CARDS.approve, coupon: 'SAVE5', CustomField1: String(orid), ...more,
});
const place = (fields: Record<string, string>) => call(sim.handlers, `${STORE}/checkout`, form(fields));
const refund = (orderId: string, amount?: string) => call(sim.handlers, `${STORE}/admin/refund`, form({ orderId, ...(amount ? { amount } : {}) }));

describe('tag + bridge in the sandbox', () => {
  it('an order with three products, a coupon, tax, shipping and handling is one purchase with every item, to the cent, the partner credited', async () => {
    const paula = await start();
    expect(() => sim.ontraport.setIntegration('bridge')).not.toThrow();
    expect((await place(cart(paula.id))).status).toBe(303);
    const order = sim.store.orders()[0];
    await until(() => sim.ontraport.purchases().length == 1);
    const purchase = sim.ontraport.purchase(order.orderId)!;
    expect(purchase).toMatchObject({ source: 'server-pixel', status: 'paid', partnerId: paula.id, total: order.total, shipping: order.shipping + order.handling, tax: order.tax });
    expect(purchase.items.map((i) => [i.id, i.quantity])).toEqual([['SKU-1', 2], ['SKU-2', 1], ['SKU-3', 1]]);
    expect(sim.ontraport.contact('ada@example.com')).toMatchObject({ firstReferrer: paula.id, lastReferrer: paula.id, firstName: 'Ada' });
    expect(sim.ontraport.partner(paula.id)).toMatchObject({ sales: 1, amount: order.total });
    // The receipt carries no receipt tag with the bridge.
    const receipt = await (await call(sim.handlers, sim.store.receiptUrl(order.orderId))).text();
    expect(receipt).not.toContain('partner-pixel-order');
    expect(receipt).not.toContain('partner-pixel-receipt');
  });

  it('a partial refund leaves the net credited, a full refund takes it back, a decline is a declined transaction, a new product appears', async () => {
    const paula = await start();
    sim.ontraport.setIntegration('bridge');
    await place(cart(paula.id));
    const { orderId, total } = sim.store.orders()[0];
    await until(() => sim.ontraport.purchases().length == 1);
    await refund(orderId, '10.00');
    await until(() => sim.ontraport.partner(paula.id)!.amount == total - 1000);
    expect(sim.ontraport.purchases().map((p) => [p.source, p.status, p.total])).toEqual([['server-pixel', 'void', total], ['api', 'paid', total - 1000]]);
    await refund(orderId);
    await until(() => sim.ontraport.partner(paula.id)!.sales == 0);
    expect(sim.ontraport.partner(paula.id)!.amount).toBe(0);
    expect(sim.ontraport.purchases().at(-1)!.status).toBe('refunded');

    await place(cart(paula.id, { email: 'declined@example.com', card: TEST_CARDS.decline }));
    await until(() => sim.ontraport.purchases().some((p) => p.status == 'declined'));
    const declined = sim.ontraport.purchases().find((p) => p.status == 'declined')!;
    expect(declined).toMatchObject({ source: 'api', email: 'declined@example.com' });
    expect(sim.ontraport.partner(paula.id)).toMatchObject({ sales: 0, amount: 0 });

    expect(sim.store.addProduct({ id: 'SKU-4', name: 'Workbook', price: 2400 })).toContain('item_create sent to the bridge');
    await until(() => sim.ontraport.products().some((p) => p.fields.sku == 'SKU-4'));
    expect(sim.ontraport.products().find((p) => p.fields.sku == 'SKU-4')).toMatchObject({ name: 'Workbook', price: '24.00' });
  });

  it('tag only sends no webhook and keeps the receipt tag; "bridge" is refused without a bridge', async () => {
    const paula = await start();
    await place(cart(paula.id));
    const { orderId } = sim.store.orders()[0];
    expect(sim.store.webhooks.stats().events).toBe(0);
    expect(await (await call(sim.handlers, sim.store.receiptUrl(orderId))).text()).toContain('partner-pixel-order');
    const alone = createSimulation({ ontraportOrigin: 'https://a.ontraport.com', storeOrigin: STORE, merchantOrigin: 'https://m.example' });
    expect(() => alone.ontraport.setIntegration('bridge')).toThrow('no bridge is connected');
  });

  it('with BRIDGE_SALES=api, a sale the receipt pixel also reported shows up twice, as the original integration warns', async () => {
    const paula = await start('api');
    sim.ontraport.setIntegration('bridge');
    await place(cart(paula.id));
    const order = sim.store.orders()[0];
    await until(() => sim.ontraport.purchases().length == 1);
    // The receipt tag's pixel for the same order (a receipt that still carries the tag).
    const checked = readOrder({ orderId: order.orderId, email: order.email, items: order.items.map((i) => ({ id: i.id, price: (i.price / 100).toFixed(2), quantity: i.quantity })), tax: (order.tax / 100).toFixed(2), shipping: '6.00', discount: '5.00', total: (order.total / 100).toFixed(2) });
    if (!checked.ok) throw new Error(checked.reason);
    await call(sim.handlers, `https://acme.ontraport.com/p?${buildQuery(toPayload(checked.order, { orid: String(paula.id) }))}`);
    expect(sim.ontraport.purchases().map((p) => [p.orderId, p.source, p.total])).toEqual([[order.orderId, 'api', order.total], [order.orderId, 'receipt-pixel', order.total]]);
    expect(sim.ontraport.partner(paula.id)).toMatchObject({ sales: 2, amount: 2 * order.total });
  });
});
