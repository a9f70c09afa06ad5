import { parseQuery } from 'partner-pixel/wire';
import { describe, expect, it } from 'vitest';
import { simOrder } from '../../harness/src/ultracart/webhooks.js';
import { DEFAULT_MAPPING, orderToSale, salePixelUrl, transactionBody } from '../src/mapping.js';
import { Order } from '../src/ultracart.js';

const three = simOrder({
  orderId: 'DEMO-1', email: 'buyer@example.com', coupon: 'SAVE5', discount: 5, tax: 3.19, shippingHandling: 7.5,
  items: [{ id: 'A', cost: 19.95, quantity: 2 }, { id: 'B', cost: 4.99, quantity: 1 }, { id: 'C', cost: 100, quantity: 3 }],
  customFields: { custom_field1: '42', custom_field2: 'spring', custom_field3: '7' },
});

describe('orderToSale', () => {
  it('reconciles to the cent with summary.total, partner from the custom fields', () => {
    const r = orderToSale(Order.parse(three));
    if (!r.ok) throw new Error(r.reason);
    expect(r.sale.order.total).toBe(Math.round(three.summary.total.value * 100));
    expect(r.sale.order).toMatchObject({ tax: 319, shipping: 750, discount: 500, partner: { orid: '42', sid: 'spring', opid: '7' }, firstName: 'Ada' });
    const q = parseQuery(new URL(salePixelUrl(r.sale, 'https://acme.ontraport.com')).searchParams);
    if (!q.ok) throw new Error(q.reason);
    const total = q.payload.items.reduce((s, i) => s + i.price * i.quantity, q.payload.tax + q.payload.shipping);
    expect(total).toBe(r.sale.order.total);
    expect(q.payload.referral).toEqual({ orid: '42', sid: 'spring', opid: '7' });
  });
  it('refuses a total that does not reconcile, naming summary.total', () => {
    const bad = { ...three, summary: { ...three.summary, total: { value: 1 } } };
    const r = orderToSale(Order.parse(bad));
    expect(!r.ok && r.reason).toMatch(/^summary\.total/);
  });
  it('refuses negative money and unknown currencies', () => {
    const neg = simOrder({ orderId: 'N', email: 'a@b.co', items: [{ id: 'A', cost: -5, quantity: 1 }] });
    expect(orderToSale(Order.parse(neg))).toMatchObject({ ok: false, reason: expect.stringMatching(/-5 is not an amount >= 0/) });
    const xxx = simOrder({ orderId: 'X', email: 'a@b.co', currency: 'XQZ', items: [{ id: 'A', cost: 5, quantity: 1 }] });
    expect(orderToSale(Order.parse(xxx))).toMatchObject({ ok: false, reason: expect.stringContaining('currency_code "XQZ"') });
  });
  it('logs a partial refund as the net amount', () => {
    const r = orderToSale(Order.parse({ ...three, summary: { ...three.summary, total_refunded: { value: 50 } } }));
    if (!r.ok) throw new Error(r.reason);
    const body = transactionBody(r.sale, '1', { A: '1', B: '2', C: '3' }, DEFAULT_MAPPING, r.sale.order.total - 5000);
    const sum = body.offer.products.reduce((s, p) => s + Math.round(Number(p.price[0].price) * 100) * p.quantity, 0)
      + body.offer.taxes.reduce((s, t) => s + Math.round(Number(t.amount) * 100), 0) + body.offer.shipping.reduce((s, t) => s + Math.round(Number(t.price) * 100), 0);
    expect(sum).toBe(r.sale.order.total - 5000);
    expect(body.offer.grandTotal).toBe(((r.sale.order.total - 5000) / 100).toFixed(2));
  });
});
