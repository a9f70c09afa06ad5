/**
 * The edges of the wire format the simulated ONTRAPORT relies on: what parseQuery accepts and
 * refuses field by field, opt-in pixels, and the totals a payload stands for.
 */
import { describe, expect, it } from 'vitest';
import { readOrder } from '../../src/core/order';
import { buildQuery, DEFAULT_KEYS, toPayload, parseQuery, payloadTotal, pixelUrl, spreadDiscount, type PixelPayload } from '../../src/core/wire';

const SALE = 'order_id=1&email=a%40b.c&item_id_1=A&item_price_1=1.00';
const refused = (query: string) => {
  const result = parseQuery(query);
  return result.ok ? 'accepted' : result.reason;
};
const parsed = (query: string) => {
  const result = parseQuery(query);
  if (!result.ok) throw new Error('refused: ' + result.reason);
  return result.payload;
};

describe('parseQuery, field by field', () => {
  it.each([
    ['a fractional quantity', `${SALE}&item_qty_1=1.5`],
    ['a text quantity', `${SALE}&item_qty_1=two`],
    ['a negative quantity', `${SALE}&item_qty_1=-1`],
    ['an empty item id', 'order_id=1&email=a%40b.c&item_id_1=&item_price_1=1'],
    ['an item id over 64 characters', `order_id=1&email=a%40b.c&item_id_1=${'x'.repeat(65)}&item_price_1=1`],
    ['an item without a price', 'order_id=1&email=a%40b.c&item_id_1=A'],
  ])('refuses %s as a malformed item 1', (_label, query) => {
    expect(refused(query)).toBe('item 1 is malformed');
  });

  it('reads a quantity and a name', () => {
    expect(parsed(`${SALE}&item_qty_1=3&item_external_id_1=Mug`).items).toEqual([
      { id: 'A', price: 100, quantity: 3, name: 'Mug' },
    ]);
  });

  it('leaves out a name over 128 characters, keeping the item', () => {
    expect(parsed(`${SALE}&item_external_id_1=${'n'.repeat(129)}`).items).toEqual([{ id: 'A', price: 100, quantity: 1 }]);
    expect(parsed(`${SALE}&item_external_id_1=${'n'.repeat(128)}`).items[0].name).toHaveLength(128);
  });

  it('accepts an order id of 64 characters and refuses 65, naming the key', () => {
    expect(parsed(SALE.replace('order_id=1', 'order_id=' + 'o'.repeat(64))).orderId).toHaveLength(64);
    expect(refused(SALE.replace('order_id=1', 'order_id=' + 'o'.repeat(65)))).toBe('order_id is missing');
  });

  it('accepts an email of 254 characters and refuses 255, naming the key', () => {
    const email = (n: number) => 'e'.repeat(n - 6) + '%40b.com';
    expect(parsed(SALE.replace('a%40b.c', email(254))).email).toHaveLength(254);
    expect(refused(SALE.replace('a%40b.c', email(255)))).toBe('email is missing');
  });

  it('reads missing tax and shipping as zero, and given ones in cents', () => {
    expect(parsed(SALE)).toMatchObject({ tax: 0, shipping: 0 });
    expect(parsed(`${SALE}&tax=1.50&shipping_amt=4.99`)).toMatchObject({ tax: 150, shipping: 499 });
  });

  it('names the money fields when one is malformed', () => {
    expect(refused(`${SALE}&tax=x`)).toBe('tax or shipping is malformed');
    expect(refused(`${SALE}&shipping_amt=x`)).toBe('tax or shipping is malformed');
  });

  it('says what a sale needs when it has no items or order id 0', () => {
    expect(refused('order_id=1&email=a%40b.c')).toBe('a sale needs an order id and items');
    expect(refused(SALE.replace('order_id=1', 'order_id=0'))).toBe('a sale needs an order id and items');
  });

  it('an item without a name carries no name field', () => {
    expect(Object.keys(parsed(SALE).items[0])).toEqual(['id', 'price', 'quantity']);
  });

  it('reads the contact fields, leaving out empty ones', () => {
    const payload = parsed(`${SALE}&firstname=Ada&lastname=&city=Paris`);
    expect(payload.firstName).toBe('Ada');
    expect(payload.city).toBe('Paris');
    expect(payload).not.toHaveProperty('lastName');
  });

  it('reads the referral keys', () => {
    expect(parsed(`${SALE}&orid=42&sid=spring&opid=7`).referral).toEqual({ orid: '42', sid: 'spring', opid: '7' });
  });

  it('reads with overridden keys, and ignores the default ones then', () => {
    const keys = { ...DEFAULT_KEYS, orderId: 'oid', email: 'mail', orid: 'partner' };
    const result = parseQuery('oid=9&mail=a%40b.c&item_id_1=A&item_price_1=1&partner=42&orid=43', keys);
    expect(result).toMatchObject({ ok: true, payload: { orderId: '9', email: 'a@b.c', referral: { orid: '42' } } });
  });
});

describe('opt-in pixels (aff_only=1)', () => {
  it('parse as a contact with a partner and no sale', () => {
    const payload = parsed('order_id=0&aff_only=1&email=a%40b.c&orid=42');
    expect(payload).toEqual({ orderId: '0', email: 'a@b.c', items: [], tax: 0, shipping: 0, affOnly: true, referral: { orid: '42' } });
  });

  it('a sale is never read as an opt-in', () => {
    expect(parsed(SALE)).not.toHaveProperty('affOnly');
    expect(parsed(`${SALE}&aff_only=0`)).not.toHaveProperty('affOnly');
  });

  it('are built without any sale field, whatever the payload carries', () => {
    const payload: PixelPayload = { orderId: 'X', email: 'a@b.c', affOnly: true, items: [{ id: 'A', price: 1, quantity: 1 }], tax: 5, shipping: 5 };
    expect(buildQuery(payload)).toBe('order_id=0&aff_only=1&email=a%40b.c');
  });
});

describe('toPayload', () => {
  it('carries only the contact fields the order has', () => {
    const read = readOrder({ orderId: '1', email: 'a@b.c', firstName: 'Ada', items: [{ id: 'A', price: '1.00' }] });
    if (!read.ok) throw new Error(read.reason);
    const payload = toPayload(read.order);
    expect(payload.firstName).toBe('Ada');
    expect(Object.keys(payload).sort()).toEqual(['email', 'firstName', 'items', 'orderId', 'shipping', 'tax']);
  });
});

describe('payloadTotal and pixelUrl', () => {
  it('adds lines x quantities, tax and shipping', () => {
    const payload: PixelPayload = {
      orderId: '1',
      email: 'a@b.c',
      items: [
        { id: 'A', price: 1000, quantity: 2 },
        { id: 'B', price: 5, quantity: 3 },
      ],
      tax: 7,
      shipping: 100,
    };
    expect(payloadTotal(payload)).toBe(2000 + 15 + 7 + 100);
  });

  it('puts the query on the /p path of the origin', () => {
    expect(pixelUrl('https://acme.ontraport.com', 'a=1')).toBe('https://acme.ontraport.com/p?a=1');
  });
});

describe('spreadDiscount edges', () => {
  it('never takes a line below zero and keeps the total exact', () => {
    const items = [
      { id: 'A', price: 1, quantity: 1 },
      { id: 'B', price: 999, quantity: 1 },
    ];
    const lines = spreadDiscount(items, 1000);
    expect(lines.every((l) => l.price >= 0)).toBe(true);
    expect(lines.reduce((s, l) => s + l.price * l.quantity, 0)).toBe(0);
  });

  it('gives the cents left over to the first lines', () => {
    const items = [
      { id: 'A', price: 100, quantity: 1 },
      { id: 'B', price: 100, quantity: 1 },
      { id: 'C', price: 100, quantity: 1 },
    ];
    // 100 / 3 = 33 each, one cent left over: to A.
    expect(spreadDiscount(items, 100).map((l) => l.price)).toEqual([66, 67, 67]);
  });
});
