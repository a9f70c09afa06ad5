import { describe, expect, it } from 'vitest';
import { amountCause, echo, refusalText, textCause } from '../../src/core/refusal';
import { readOrder } from '../../src/core/order';
import { MINIMAL, withFields } from '../fixtures/orders';

describe('echo', () => {
  it('quotes and escapes control characters and quotes', () => {
    expect(echo('a"b\n')).toBe('"a\\"b\\n"');
  });
  it('bounds a long value to 40 characters', () => {
    expect(echo('x'.repeat(1000))).toBe(JSON.stringify('x'.repeat(40) + '…'));
  });
  it('says what a non-text value was', () => {
    expect([echo(undefined), echo(null), echo(12), echo({ a: 1 })]).toEqual(['undefined', 'null', '"12"', '"[object]"']);
  });
});

describe('amountCause', () => {
  it.each([
    ['$27.55', 'currency-sign'],
    ['27.55 €', 'currency-sign'],
    ['USD 27.55', 'currency-sign'],
    ['1,019.95', 'thousands-separator'],
    ['1,000,000', 'thousands-separator'],
    ['19,95', 'decimal-comma'],
    ['-5.00', 'negative'],
    [-5, 'negative'],
    ['19.999', 'too-many-decimals'],
    ['[Total]', 'unreplaced-token'],
    ['', 'missing'],
    [undefined, 'missing'],
    ['abc', 'not-amount'],
  ])('%j: %s', (value, cause) => {
    expect(amountCause(value)).toBe(cause);
  });
});

describe('textCause', () => {
  it.each([
    [undefined, 'missing'],
    ['  ', 'missing'],
    ['[OrderId]', 'unreplaced-token'],
    ['not-an-email', 'not-email'],
  ])('%j: %s', (value, cause) => {
    expect(textCause(value, 'not-email')).toBe(cause);
  });
});

describe('refusals of readOrder say the field, the value and the cause', () => {
  it.each([
    [{ orderId: '[OrderId]' }, /^orderId "\[OrderId\]" is a receipt token UltraCart did not replace/],
    [{ total: '$27.55' }, /^total "\$27\.55" carries a currency sign: give the amount alone, like 27\.55/],
    [{ tax: '1,019.95' }, /^tax "1,019\.95" has a thousands separator/],
    [{ email: 'nobody' }, /^email "nobody" is not an email address/],
    [{ items: [{ id: 'A', price: '5', quantity: 'two' }] }, /^items\[0\]\.quantity "two" is not a whole number/],
  ])('%j', (patch, reason) => {
    const result = readOrder(withFields(MINIMAL, patch));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('adds the value expected when the total does not reconcile', () => {
    expect(refusalText({ field: 'total', value: '1.00', cause: 'mismatch', expected: '2.00' })).toBe(
      'total "1.00" does not equal items + tax + shipping + handling - discount = 2.00',
    );
  });
});
