/**
 * The bounds of an order (docs/wire.md §3): 1 to 100 lines, whole quantities written as digits,
 * and amounts up to 10,000,000,000.00 where sums of cents are still exact.
 */
import { describe, expect, it } from 'vitest';
import { readOrder } from '../../src/core/order';
import { MINIMAL, withFields, withItem } from '../fixtures/orders';

const lines = (n: number) => Array.from({ length: n }, (_, i) => ({ id: 'SKU-' + i, price: '1.00' }));

describe('the number of lines', () => {
  it('accepts exactly 100 lines', () => {
    const result = readOrder(withFields(MINIMAL, { items: lines(100) }));
    expect(result).toMatchObject({ ok: true, order: { total: 10000 } });
  });

  it('refuses 101 lines as items-count', () => {
    expect(readOrder(withFields(MINIMAL, { items: lines(101) }))).toMatchObject({
      ok: false,
      refusal: { field: 'items', cause: 'items-count' },
    });
  });
});

describe('a quantity given as text is whole digits only', () => {
  it('reads a quantity of several digits', () => {
    expect(readOrder(withItem(MINIMAL, { quantity: '12' }))).toMatchObject({ ok: true, order: { items: [{ quantity: 12 }], total: 12000 } });
  });

  it.each([
    ['a plus sign', '+5'],
    ['hexadecimal', '0x10'],
    ['an exponent', '5e2'],
    ['a decimal point', '2.0'],
  ])('refuses %s, naming the line and echoing the value', (_label, quantity) => {
    expect(readOrder(withItem(MINIMAL, { quantity }))).toMatchObject({
      ok: false,
      refusal: { field: 'items[0].quantity', value: quantity, cause: 'not-whole' },
    });
  });
});

describe('an item name', () => {
  it.each([
    ['no name', {}],
    ['an empty name', { name: '' }],
    ['an unreplaced name token', { name: '[ItemDescription]' }],
  ])('with %s, the line carries no name field at all', (_label, patch) => {
    const result = readOrder(withItem(MINIMAL, patch));
    expect(result.ok && Object.keys(result.order.items[0])).toEqual(['id', 'price', 'quantity']);
  });
});

describe('amounts beyond exact cents', () => {
  // 10,000,000,000.00 is 1e12 cents, the largest subtotal and total accepted.
  it('accepts a subtotal and total of exactly 10,000,000,000.00', () => {
    const result = readOrder(withFields(MINIMAL, { items: [{ id: 'A', price: '10000000000.00' }] }));
    expect(result).toMatchObject({ ok: true, order: { total: 1e12 } });
  });

  it('refuses a subtotal one cent over as too large, even when a discount brings the total under', () => {
    const order = withFields(MINIMAL, { items: [{ id: 'A', price: '10000000000.01' }], discount: '1.00' });
    expect(readOrder(order)).toMatchObject({ ok: false, refusal: { cause: 'too-large' } });
  });

  it('refuses a total one cent over when the subtotal is at the limit (tax on top)', () => {
    const order = withFields(MINIMAL, { items: [{ id: 'A', price: '10000000000.00' }], tax: '0.01' });
    expect(readOrder(order)).toMatchObject({
      ok: false,
      refusal: { field: 'total', value: '10000000000.01', cause: 'too-large' },
    });
  });
});
