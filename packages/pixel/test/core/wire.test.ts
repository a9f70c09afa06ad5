import { describe, expect, it } from 'vitest';
import { readOrder, type Order, type OrderItem } from '../../src/core/order';
import {
  buildQuery,
  DEFAULT_KEYS,
  parseQuery,
  payloadTotal,
  pixelUrl,
  spreadDiscount,
  toPayload,
  type PixelPayload,
} from '../../src/core/wire';
import { MINIMAL, WIRE_CONTACT, WIRE_EXAMPLE, withFields } from '../fixtures/orders';

function order(input: unknown): Order {
  const result = readOrder(input);
  if (!result.ok) throw new Error('refused: ' + result.reason);
  return result.order;
}

const value = (items: OrderItem[]) => items.reduce((s, i) => s + i.price * i.quantity, 0);
const quantityOf = (items: OrderItem[], id: string) =>
  items.filter((i) => i.id == id).reduce((s, i) => s + i.quantity, 0);

describe('spreadDiscount', () => {
  const line = (id: string, price: number, quantity: number): OrderItem => ({ id, price, quantity });

  it.each<[string, OrderItem[], number]>([
    ['1 cent over quantity 3', [line('A', 100, 3)], 1],
    ['2 cents over quantity 3', [line('A', 100, 3)], 2],
    ['the whole subtotal', [line('A', 1995, 2)], 3990],
    ['the whole subtotal over several lines', [line('A', 1, 7), line('B', 333, 3), line('C', 5, 1)], 1011],
    ['all but one cent', [line('A', 1, 7), line('B', 333, 3)], 1005],
    ['one cent over three equal lines', [line('A', 1, 1), line('B', 1, 1), line('C', 1, 1)], 1],
    ['a share that divides evenly', [line('A', 1995, 2)], 200],
    ['odd shares on many lines', Array.from({ length: 37 }, (_, n) => line('S' + n, 97 + n * 13, 1 + (n % 5))), 12345],
    ['a free line among others', [line('A', 0, 3), line('B', 1000, 1), line('C', 999, 7)], 777],
    ['large quantities', [line('A', 1, 100000), line('B', 99999, 99)], 99999],
  ])('%s: the lines add up to subtotal - discount', (_label, items, discount) => {
    const out = spreadDiscount(items, discount);
    expect(value(out)).toBe(value(items) - discount);
    for (const item of out) {
      expect(Number.isInteger(item.price) && item.price >= 0).toBe(true);
      expect(Number.isInteger(item.quantity) && item.quantity >= 1).toBe(true);
    }
    // A split line keeps its product and its total quantity.
    for (const { id } of items) expect(quantityOf(out, id)).toBe(quantityOf(items, id));
  });

  it('splits a share that does not divide by the quantity into two lines one cent apart', () => {
    expect(spreadDiscount([line('A', 100, 3)], 1)).toEqual([line('A', 100, 2), line('A', 99, 1)]);
  });

  it('keeps the product name on split lines', () => {
    const out = spreadDiscount([{ id: 'A', price: 100, quantity: 3, name: 'Mug' }], 1);
    expect(out.every((i) => i.name == 'Mug')).toBe(true);
  });

  it('leaves the lines alone without a discount', () => {
    const items = [line('A', 100, 3)];
    expect(spreadDiscount(items, 0)).toEqual(items);
  });

  it('does not change the lines it was given', () => {
    const items = [line('A', 100, 3), line('B', 7, 1)];
    const before = structuredClone(items);
    spreadDiscount(items, 5);
    expect(items).toEqual(before);
  });
});

describe('toPayload', () => {
  it('folds handling into shipping and the discount into the prices', () => {
    const payload = toPayload(order(WIRE_EXAMPLE));
    expect(payload).toEqual({
      orderId: 'UC-1001',
      email: 'buyer@example.com',
      ...WIRE_CONTACT,
      items: [{ id: 'SKU-1', price: 1895, quantity: 2 }],
      tax: 120,
      shipping: 600,
    });
    expect(payloadTotal(payload)).toBe(4510);
  });

  it("uses the cookie's referral when the order carries none", () => {
    expect(toPayload(order(MINIMAL), { orid: '42', sid: 'x' }).referral).toEqual({ orid: '42', sid: 'x' });
  });

  it("the order's partner beats the cookie's referral", () => {
    const o = order(withFields(MINIMAL, { partner: { orid: '7', sid: 'uc' } }));
    expect(toPayload(o, { orid: '42', sid: 'x', opid: '3' }).referral).toEqual({ orid: '7', sid: 'uc' });
  });

  it('an order partner left as unreplaced tokens leaves the cookie in charge', () => {
    const o = order(withFields(MINIMAL, { partner: { orid: '[CustomField1]', sid: '[CustomField2]' } }));
    expect(toPayload(o, { orid: '42' }).referral).toEqual({ orid: '42' });
  });

  it('carries no referral when there is none', () => {
    expect(toPayload(order(MINIMAL))).not.toHaveProperty('referral');
  });
});

describe('buildQuery', () => {
  const referral = { orid: '480125', sid: 'spring', opid: '7' };
  // The docs/wire.md example without its discount, so the unit price goes out as given.
  const undiscounted = withFields(WIRE_EXAMPLE, { discount: undefined, total: '47.10' });

  it('writes the docs/wire.md §3 order key by key', () => {
    const q = new URLSearchParams(buildQuery(toPayload(order(undiscounted), referral)));
    expect([...q.keys()]).toEqual([
      'order_id', 'email', 'firstname', 'lastname', 'address', 'city', 'state', 'zip', 'country',
      'phone', 'item_id_1', 'item_price_1', 'item_qty_1', 'tax', 'shipping_amt', 'orid', 'sid', 'opid',
    ]);
    expect(Object.fromEntries(q)).toEqual({
      order_id: 'UC-1001',
      email: 'buyer@example.com',
      firstname: 'Ada',
      lastname: 'Lovelace',
      address: '1 Main St',
      city: 'Springfield',
      state: 'IL',
      zip: '62701',
      country: 'US',
      phone: '+1 217 555 0100',
      item_id_1: 'SKU-1',
      item_price_1: '19.95',
      item_qty_1: '2',
      tax: '1.20',
      shipping_amt: '6.00',
      orid: '480125',
      sid: 'spring',
      opid: '7',
    });
  });

  it('URL-encodes every value', () => {
    const query = buildQuery(toPayload(order(undiscounted), referral));
    expect(query).toContain('email=buyer%40example.com');
    expect(query).toContain('phone=%2B1+217+555+0100');
  });

  it('writes the full example (with its discount) so that it still adds up to 45.10', () => {
    const q = new URLSearchParams(buildQuery(toPayload(order(WIRE_EXAMPLE))));
    expect(q.get('item_price_1')).toBe('18.95');
    expect(q.get('item_qty_1')).toBe('2');
    expect(q.get('tax')).toBe('1.20');
    expect(q.get('shipping_amt')).toBe('6.00');
    expect(q.has('orid')).toBe(false);
  });

  it('numbers several items from 1, with their names', () => {
    const o = order(
      withFields(MINIMAL, {
        items: [
          { id: 'A', price: '1.00', name: 'Mug' },
          { id: 'B', price: '2.50', quantity: 3 },
        ],
      }),
    );
    expect(Object.fromEntries(new URLSearchParams(buildQuery(toPayload(o))))).toMatchObject({
      item_id_1: 'A',
      item_price_1: '1.00',
      item_qty_1: '1',
      item_external_id_1: 'Mug',
      item_id_2: 'B',
      item_price_2: '2.50',
      item_qty_2: '3',
      tax: '0.00',
      shipping_amt: '0.00',
    });
  });

  it("uses the merchant's key overrides, leaving the others", () => {
    const keys = { ...DEFAULT_KEYS, firstName: 'First_Name', zip: 'Zip_Code', itemQty: 'qty_' };
    const payload = toPayload(order(undiscounted), referral);
    const q = new URLSearchParams(buildQuery(payload, keys));
    expect(q.get('First_Name')).toBe('Ada');
    expect(q.get('Zip_Code')).toBe('62701');
    expect(q.get('qty_1')).toBe('2');
    expect(q.has('firstname')).toBe(false);
    expect(q.has('zip')).toBe(false);
    expect(q.get('lastname')).toBe('Lovelace');
    expect(parseQuery(q, keys)).toEqual({ ok: true, payload });
  });

  it('writes an opt-in without an order as aff_only=1 with order_id=0 and no purchase', () => {
    const payload: PixelPayload = {
      orderId: 'ignored',
      email: 'lead@example.com',
      affOnly: true,
      items: [{ id: 'A', price: 100, quantity: 1 }],
      tax: 5,
      shipping: 5,
      firstName: 'Ada',
      referral: { orid: '42' },
    };
    const q = new URLSearchParams(buildQuery(payload));
    expect(Object.fromEntries(q)).toEqual({
      order_id: '0',
      aff_only: '1',
      email: 'lead@example.com',
      firstname: 'Ada',
      orid: '42',
    });
    expect(parseQuery(q)).toEqual({
      ok: true,
      payload: { orderId: '0', email: 'lead@example.com', affOnly: true, items: [], tax: 0, shipping: 0, firstName: 'Ada', referral: { orid: '42' } },
    });
  });

  it('pixelUrl puts the query on /p of the origin', () => {
    expect(pixelUrl('https://acme.ontraport.com', 'order_id=1')).toBe('https://acme.ontraport.com/p?order_id=1');
  });
});

describe('parseQuery', () => {
  it.each([
    ['the undiscounted example', withFields(WIRE_EXAMPLE, { discount: undefined, total: undefined })],
    ['the example with its discount', WIRE_EXAMPLE],
    ['the minimal order', MINIMAL],
    ['markup and odd characters in every text field', withFields(WIRE_EXAMPLE, {
      orderId: 'UC-<1>&"2"',
      firstName: '<script>alert(1)</script>',
      lastName: "O'Brien & Sons",
      address: '1 Main St #4 ?x=1',
      city: 'São Paulo',
      phone: '+1 (217) 555-0100',
      items: [{ id: 'SKU=1&item_id_2=EVIL', price: '19.95', quantity: 2, name: '100% cotton 🧶' }],
    })],
  ])('parses back what buildQuery wrote: %s', (_label, input) => {
    const payload = toPayload(order(input), { orid: '42', sid: 'a.b', opid: '1' });
    expect(parseQuery(buildQuery(payload))).toEqual({ ok: true, payload });
  });

  it('reads a URLSearchParams as well as a string', () => {
    const payload = toPayload(order(MINIMAL));
    expect(parseQuery(new URLSearchParams(buildQuery(payload)))).toEqual({ ok: true, payload });
  });

  it.each([
    ['no order_id', 'email=a%40b.c&item_id_1=A&item_price_1=1.00', /order_id/],
    ['no email', 'order_id=1&item_id_1=A&item_price_1=1.00', /email/],
    ['a sale without items', 'order_id=1&email=a%40b.c', /items/],
    ['a sale with order_id 0', 'order_id=0&email=a%40b.c&item_id_1=A&item_price_1=1.00', /order id/],
    ['a bad item price', 'order_id=1&email=a%40b.c&item_id_1=A&item_price_1=-1', /item 1/],
    ['a bad item quantity', 'order_id=1&email=a%40b.c&item_id_1=A&item_price_1=1&item_qty_1=0', /item 1/],
    ['a bad second item', 'order_id=1&email=a%40b.c&item_id_1=A&item_price_1=1&item_id_2=B', /item 2/],
    ['a bad tax', 'order_id=1&email=a%40b.c&item_id_1=A&item_price_1=1&tax=x', /tax/],
    ['a bad shipping', 'order_id=1&email=a%40b.c&item_id_1=A&item_price_1=1&shipping_amt=1e3', /shipping/],
  ])('refuses %s with a reason', (_label, query, reason) => {
    expect(parseQuery(query)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('drops a hostile referral but keeps the sale', () => {
    const result = parseQuery('order_id=1&email=a%40b.c&item_id_1=A&item_price_1=1&orid=-1&sid=%3Cb%3E');
    expect(result.ok && result.payload).not.toHaveProperty('referral');
    expect(result.ok && result.payload.orderId).toBe('1');
  });

  it('counts a missing quantity as 1', () => {
    const result = parseQuery('order_id=1&email=a%40b.c&item_id_1=A&item_price_1=1');
    expect(result.ok && result.payload.items).toEqual([{ id: 'A', price: 100, quantity: 1 }]);
  });
});
