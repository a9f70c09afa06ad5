/**
 * What a refused order tells the merchant: the field, the value as it came and the cause, for
 * the refusals order.test.ts checks only by field name.
 */
import { describe, expect, it } from 'vitest';
import { readOrder } from '../../src/core/order';
import { MINIMAL, WIRE_EXAMPLE, withFields, withItem } from '../fixtures/orders';

const refusal = (input: unknown) => {
  const result = readOrder(input);
  if (result.ok) throw new Error('accepted');
  return result;
};

describe('a refusal names the field, echoes the value and says the cause', () => {
  it('an order id of 0 is refused as not an id, echoing the 0', () => {
    expect(refusal(withFields(MINIMAL, { orderId: 0 }))).toMatchObject({
      refusal: { field: 'orderId', value: 0, cause: 'not-id' },
      reason: 'orderId "0" is not an id: 1 to 64 characters without control characters, and not 0',
    });
  });

  it('an order id that is not text or a number is refused as not an id', () => {
    expect(refusal(withFields(MINIMAL, { orderId: true }))).toMatchObject({
      refusal: { field: 'orderId', value: true, cause: 'not-id' },
      reason: 'orderId "true" is not an id: 1 to 64 characters without control characters, and not 0',
    });
  });

  it('an order id that is there but too long, or holds a control character, is not called missing', () => {
    for (const orderId of ['A'.repeat(65), 'UC-1\u0007'])
      expect(refusal(withFields(MINIMAL, { orderId }))).toMatchObject({ refusal: { field: 'orderId', cause: 'not-id' } });
    expect(refusal(withFields(MINIMAL, { orderId: '  ' }))).toMatchObject({ refusal: { cause: 'missing' } });
  });

  it('an item id that is not text or a number is refused as not an id, naming the line', () => {
    expect(refusal(withItem(MINIMAL, { id: { sku: 'A' } }))).toMatchObject({
      refusal: { field: 'items[0].id', cause: 'not-id' },
      reason: 'items[0].id "[object]" is not an id: 1 to 64 characters without control characters, and not 0',
    });
    expect(refusal(withItem(MINIMAL, { id: 'S'.repeat(65) }))).toMatchObject({ refusal: { field: 'items[0].id', cause: 'not-id' } });
  });

  it('an empty item list says a list of 1 to 100 items is needed', () => {
    expect(refusal(withFields(MINIMAL, { items: [] }))).toMatchObject({
      refusal: { field: 'items', cause: 'items-count' },
      reason: 'items "[object]" must be a list of 1 to 100 items',
    });
  });

  it('a discount over the subtotal says so and gives the subtotal', () => {
    expect(refusal(withFields(MINIMAL, { discount: '10.01' }))).toMatchObject({
      refusal: { field: 'discount', value: '10.01', cause: 'over-subtotal', expected: '10.00' },
      reason: 'discount "10.01" is more than the items subtotal = 10.00',
    });
  });

  it('a total that does not reconcile gives the sum the lines add up to', () => {
    expect(refusal(withFields(WIRE_EXAMPLE, { total: '45.11' }))).toMatchObject({
      refusal: { field: 'total', value: '45.11', cause: 'mismatch', expected: '45.10' },
      reason: 'total "45.11" does not equal items + tax + shipping + handling - discount = 45.10',
    });
  });
});

describe('what an email is', () => {
  it.each([
    ['two addresses separated by a comma', 'buyer@example.com,other@example.com'],
    ['two addresses separated by a space', 'buyer@example.com other@example.com'],
    ['an address followed by a name in brackets', 'buyer@example.com (Ada)'],
    ['an address followed by a semicolon', 'buyer@example.com;'],
  ])('refuses %s', (_label, email) => {
    expect(refusal(withFields(MINIMAL, { email })).refusal).toMatchObject({ field: 'email', value: email, cause: 'not-email' });
  });
});

describe('only a whole receipt token counts as no value', () => {
  it.each([
    ['an address ending in a bracketed unit', 'address', '12 Main St [4B]'],
    ['a city with a bracketed note', 'city', 'Springfield [IL]'],
  ])('keeps %s', (_label, field, value) => {
    const result = readOrder(withFields(MINIMAL, { [field]: value }));
    expect(result).toMatchObject({ ok: true, order: { [field]: value } });
  });

  it('an order id ending in a bracketed word is an order id, not a token', () => {
    expect(readOrder(withFields(MINIMAL, { orderId: 'UC-1001[A]' }))).toMatchObject({ ok: true, order: { orderId: 'UC-1001[A]' } });
  });
});

describe('the currency, for the debug report and the npm API', () => {
  it.each([
    ['two letters', 'US'],
    ['a sign with digits', '€12'],
    ['digits', '840'],
    ['letters and a sign', 'US$'],
  ])('drops a currency of %s', (_label, currency) => {
    expect(readOrder(withFields(MINIMAL, { currency }))).toMatchObject({ ok: true });
    expect((readOrder(withFields(MINIMAL, { currency })) as { order: object }).order).not.toHaveProperty('currency');
  });
});
