import { describe, expect, it } from 'vitest';
import { readOrder, text, type Order } from '../../src/core/order';
import { MINIMAL, WIRE_CONTACT, WIRE_EXAMPLE, withFields, withItem } from '../fixtures/orders';

/** The order, asserting it was accepted. */
function accepted(input: unknown): Order {
  const result = readOrder(input);
  if (!result.ok) throw new Error('refused: ' + result.reason);
  return result.order;
}

describe('text', () => {
  it.each([
    ['Ada', 'Ada'],
    ['  Ada  ', 'Ada'],
    [1001, '1001'],
    ['<b>Ada</b>', '<b>Ada</b>'],
    // Brackets around a word are a token only when they are the whole value.
    ['[Acme] Tools', '[Acme] Tools'],
  ])('%j -> %j', (value, expected) => {
    expect(text(value)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['an unreplaced UltraCart token', '[CustomField1]'],
    ['a padded token', ' [order] '],
    ['a control character', 'Ada\u0000'],
    ['a newline inside', 'Ada\nLovelace'],
    ['DEL', 'Ada\u007f'],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['null', null],
    ['an object', { toString: () => 'Ada' }],
  ])('refuses %s', (_label, value) => {
    expect(text(value)).toBeUndefined();
  });

  it('enforces the length limit', () => {
    expect(text('a'.repeat(10), 10)).toBe('a'.repeat(10));
    expect(text('a'.repeat(11), 10)).toBeUndefined();
  });
});

describe('readOrder: accepted orders', () => {
  it('reads the docs/wire.md example in exact cents', () => {
    expect(accepted(WIRE_EXAMPLE)).toEqual({
      orderId: 'UC-1001',
      email: 'buyer@example.com',
      ...WIRE_CONTACT,
      items: [{ id: 'SKU-1', price: 1995, quantity: 2 }],
      tax: 120,
      shipping: 500,
      handling: 100,
      discount: 200,
      total: 4510,
      currency: 'USD',
    });
  });

  it('defaults quantity to 1 and the amounts to 0', () => {
    expect(accepted(MINIMAL)).toEqual({
      orderId: 'UC-1',
      email: 'b@example.com',
      items: [{ id: 'SKU-1', price: 1000, quantity: 1 }],
      tax: 0,
      shipping: 0,
      handling: 0,
      discount: 0,
      total: 1000,
    });
  });

  it.each([
    ['numbers for money', { price: 19.95, quantity: 2 }, 1995, 2],
    ['a quantity as text', { price: '19.95', quantity: '3' }, 1995, 3],
    ['a null quantity', { price: '1', quantity: null }, 100, 1],
    ['an empty quantity', { price: '1', quantity: '' }, 100, 1],
    ['an unreplaced quantity token', { price: '1', quantity: '[Quantity]' }, 100, 1],
    ['a padded quantity', { price: '1', quantity: ' 4 ' }, 100, 4],
    ['a free item', { price: '0', quantity: 1 }, 0, 1],
  ])('accepts %s', (_label, item, price, quantity) => {
    expect(accepted(withItem(MINIMAL, item)).items[0]).toMatchObject({ price, quantity });
  });

  it.each([
    ['a numeric order id', { orderId: 1001 }, 'orderId', '1001'],
    ['a padded email', { email: '  b@example.com ' }, 'email', 'b@example.com'],
    ['a lower-case currency', { currency: 'eur' }, 'currency', 'EUR'],
  ])('normalises %s', (_label, patch, field, value) => {
    expect(accepted(withFields(MINIMAL, patch))[field as keyof Order]).toBe(value);
  });

  it.each([
    ['empty tax and shipping', { tax: '', shipping: '' }],
    ['null amounts', { tax: null, handling: null, discount: null }],
    ['an empty total', { total: '' }],
    ['unreplaced amount tokens', { tax: '[tax]', shipping: '[shipping]', total: '[total]' }],
  ])('reads %s as zero / absent', (_label, patch) => {
    expect(accepted(withFields(MINIMAL, patch)).total).toBe(1000);
  });

  it('accepts a total that reconciles, given as a number', () => {
    expect(accepted(withFields(WIRE_EXAMPLE, { total: 45.1 })).total).toBe(4510);
  });

  it('accepts a discount equal to the subtotal', () => {
    const order = accepted(withFields(MINIMAL, { discount: '10.00', total: '0' }));
    expect(order).toMatchObject({ discount: 1000, total: 0 });
  });

  it.each([
    ['an unreplaced token', '[CustomField3]'],
    ['an empty value', ''],
    ['a control character', 'Ada\u0007'],
    ['a non-text value', { first: 'Ada' }],
  ])('drops a contact field holding %s', (_label, value) => {
    const order = accepted(withFields(WIRE_EXAMPLE, { firstName: value }));
    expect(order).not.toHaveProperty('firstName');
    expect(order.lastName).toBe('Lovelace');
  });

  it('keeps markup in a field as inert text (it is only ever URL-encoded)', () => {
    expect(accepted(withFields(MINIMAL, { city: '<img src=x onerror=alert(1)>' })).city).toBe(
      '<img src=x onerror=alert(1)>',
    );
  });

  it('drops an unknown currency', () => {
    expect(accepted(withFields(MINIMAL, { currency: 'dollars' }))).not.toHaveProperty('currency');
  });

  describe('partner (UltraCart custom fields)', () => {
    it.each([
      ['all fields', { orid: '42', sid: 'spring', opid: '7' }, { orid: '42', sid: 'spring', opid: '7' }],
      ['a numeric orid', { orid: 42 }, { orid: '42' }],
      ['an unreplaced sid token', { orid: '42', sid: '[CustomField2]' }, { orid: '42' }],
      ['markup in sid', { orid: '42', sid: '<b>x</b>' }, { orid: '42' }],
    ])('reads %s', (_label, partner, expected) => {
      expect(accepted(withFields(MINIMAL, { partner })).partner).toEqual(expected);
    });

    it.each([
      ['unreplaced tokens', { orid: '[CustomField1]', sid: '[CustomField2]', opid: '[CustomField3]' }],
      ['empty fields', { orid: '', sid: '', opid: '' }],
      ['a bad orid', { orid: '-42', sid: 'spring' }],
      ['a huge orid', { orid: '2147483648' }],
      ['not an object', '42'],
      ['null', null],
    ])('reads %s as no partner', (_label, partner) => {
      expect(accepted(withFields(MINIMAL, { partner }))).not.toHaveProperty('partner');
    });
  });
});

describe('readOrder: refused orders name the field', () => {
  it.each([
    ['no order id', { orderId: undefined }, /orderId/],
    ['an empty order id', { orderId: '' }, /orderId/],
    ['order id 0', { orderId: 0 }, /orderId/],
    ['an unreplaced order token', { orderId: '[order]' }, /orderId/],
    ['an order id over 64 characters', { orderId: 'x'.repeat(65) }, /orderId/],
    ['an order id object', { orderId: { id: 1 } }, /orderId/],
    ['no email', { email: undefined }, /email/],
    ['an empty email', { email: '' }, /email/],
    ['an email without @', { email: 'buyer.example.com' }, /email/],
    ['an email without a domain dot', { email: 'buyer@example' }, /email/],
    ['an email with a space', { email: 'bu yer@example.com' }, /email/],
    ['an email with markup', { email: '<b>@example.com' }, /email/],
    ['an email with two @', { email: 'a@b@example.com' }, /email/],
    ['an unreplaced email token', { email: '[email]' }, /email/],
    ['a numeric email', { email: 12345 }, /email/],
    ['no items', { items: undefined }, /items/],
    ['an empty item list', { items: [] }, /items/],
    ['items not a list', { items: { id: 'SKU-1', price: '1' } }, /items/],
    ['101 items', { items: Array.from({ length: 101 }, (_, i) => ({ id: 'S' + i, price: '1' })) }, /items/],
    ['a bad tax', { tax: '-1.00' }, /^tax/],
    ['an over-precise shipping', { shipping: '5.001' }, /^shipping/],
    ['a NaN handling', { handling: NaN }, /^handling/],
    ['a negative discount', { discount: -2 }, /^discount/],
    ['a discount over the subtotal', { discount: '10.01' }, /discount/],
    ['a total one cent over', { total: '10.01' }, /total/],
    ['a total one cent under', { total: '9.99' }, /total/],
    ['a total that is not an amount', { total: 'ten' }, /total/],
    ['a negative total', { total: -10 }, /total/],
  ])('refuses %s', (_label, patch, reason) => {
    const result = readOrder(withFields(MINIMAL, patch));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });

  it.each([
    ['a missing id', { id: undefined }, /items\[0\]\.id/],
    ['an empty id', { id: ' ' }, /items\[0\]\.id/],
    ['an unreplaced id token', { id: '[item_id]' }, /items\[0\]\.id/],
    ['a missing price', { price: undefined }, /items\[0\]\.price/],
    ['a negative price', { price: '-19.95' }, /items\[0\]\.price/],
    ['a negative number price', { price: -1 }, /items\[0\]\.price/],
    ['a NaN price', { price: NaN }, /items\[0\]\.price/],
    ['an infinite price', { price: Infinity }, /items\[0\]\.price/],
    ['an over-precise price', { price: '19.999' }, /items\[0\]\.price/],
    ['an over-precise number price', { price: 0.1 + 0.2 }, /items\[0\]\.price/],
    ['a junk price', { price: '19.95abc' }, /items\[0\]\.price/],
    ['a price with a currency sign', { price: '$19.95' }, /items\[0\]\.price/],
    ['an exponent price', { price: '1e3' }, /items\[0\]\.price/],
    ['an empty price', { price: '' }, /items\[0\]\.price/],
    ['an unreplaced price token', { price: '[price]' }, /items\[0\]\.price/],
    ['quantity 0', { quantity: 0 }, /items\[0\]\.quantity/],
    ['a negative quantity', { quantity: -1 }, /items\[0\]\.quantity/],
    ['a fractional quantity', { quantity: 1.5 }, /items\[0\]\.quantity/],
    ['a text quantity', { quantity: 'two' }, /items\[0\]\.quantity/],
    ['a quantity with units', { quantity: '2 pcs' }, /items\[0\]\.quantity/],
    ['a huge quantity', { quantity: 100001 }, /items\[0\]\.quantity/],
    ['a NaN quantity', { quantity: NaN }, /items\[0\]\.quantity/],
    ['an infinite quantity', { quantity: Infinity }, /items\[0\]\.quantity/],
    ['a boolean quantity', { quantity: true }, /items\[0\]\.quantity/],
    ['an object quantity', { quantity: {} }, /items\[0\]\.quantity/],
    ['a bigint quantity', { quantity: 2n }, /items\[0\]\.quantity/],
  ])('refuses an item with %s', (_label, patch, reason) => {
    const result = readOrder(withItem(MINIMAL, patch));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('refuses amounts past the point where cents stop being exact', () => {
    const huge = withFields(MINIMAL, {
      items: [
        { id: 'A', price: '999999999999.99', quantity: 100000 },
        { id: 'B', price: '0.01' },
      ],
    });
    expect(readOrder(huge)).toMatchObject({ ok: false, refusal: { cause: "too-large" } });
  });

  it('names the items when their sum passes the bound, even with a discount that brings the total under it', () => {
    const items = [{ id: 'A', price: '1000000000.00', quantity: 10 }, { id: 'B', price: '0.01' }];
    expect(readOrder(withFields(MINIMAL, { items, discount: '5.00' }))).toMatchObject({
      ok: false,
      refusal: { field: 'items', value: '10000000000.01', cause: 'too-large' },
    });
    expect(readOrder(withFields(MINIMAL, { items: [{ id: 'A', price: '10000000000.00' }], tax: '0.01' }))).toMatchObject({
      ok: false,
      refusal: { field: 'total', value: '10000000000.01', cause: 'too-large' },
    });
  });

  it('points at the failing line', () => {
    const order = withFields(MINIMAL, { items: [{ id: 'A', price: '1' }, { id: 'B', price: 'x' }] });
    expect(readOrder(order)).toMatchObject({ ok: false, reason: expect.stringMatching(/items\[1\]\.price/) });
  });

  it('explains a total that does not reconcile with the sum it expected', () => {
    const result = readOrder(withFields(WIRE_EXAMPLE, { total: '47.10' }));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/total "47.10" .*45\.10/) });
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'UC-1001'],
    ['an array', [WIRE_EXAMPLE]],
    ['an empty object', {}],
    ['a JSON string of a valid order', JSON.stringify(WIRE_EXAMPLE)],
  ])('refuses %s without throwing', (_label, input) => {
    const result = readOrder(input);
    expect(result.ok).toBe(false);
    expect((result as { reason: string }).reason).not.toBe('');
  });
});
