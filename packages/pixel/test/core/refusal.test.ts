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
    ['1.019,95', 'decimal-comma'],
    ['12.345,67', 'decimal-comma'],
    ['123.456,7', 'decimal-comma'],
    ['1.000.000,5', 'decimal-comma'],
    ['1.01,95', 'not-amount'],
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

describe('amountCause tells the likely mistakes apart, and nothing else passes for one', () => {
  it.each([
    ['27.55 USD', 'currency-sign'],
    ['27.55USD', 'currency-sign'],
    ['USD27.55', 'currency-sign'],
    ['£5', 'currency-sign'],
    ['¥500', 'currency-sign'],
    ['usd 27.55', 'not-amount'],
    ['27.55 usd', 'not-amount'],
    ['US 27.55', 'not-amount'],
    ['12,345', 'thousands-separator'],
    ['1,019.9', 'thousands-separator'],
    ['1234,567', 'not-amount'],
    ['1,23,456', 'not-amount'],
    [',019', 'not-amount'],
    ['19,9', 'decimal-comma'],
    ['19,', 'not-amount'],
    ['19,999.5', 'thousands-separator'],
    ['19.9999', 'too-many-decimals'],
    ['.999', 'not-amount'],
    ['19.', 'not-amount'],
    ['x19.999', 'not-amount'],
    ['19.999x', 'not-amount'],
    [' -5', 'negative'],
    ['5-', 'not-amount'],
    ['[Total', 'not-amount'],
    ['x[Total]', 'not-amount'],
    ['[Total]x', 'not-amount'],
    ['[]', 'not-amount'],
    ['  ', 'missing'],
    [null, 'missing'],
    [0, 'not-amount'],
    [1e21, 'not-amount'],
    [{}, 'not-amount'],
  ])('%j: %s', (value, cause) => {
    expect(amountCause(value)).toBe(cause);
  });
});

describe('textCause: only a whole unreplaced token is taken for one', () => {
  it.each([
    ['  [OrderId]  ', 'unreplaced-token'],
    ['x[OrderId]', 'not-email'],
    ['[OrderId]x', 'not-email'],
    ['[Order Id]', 'not-email'],
    ['[]', 'not-email'],
    [null, 'missing'],
    ['', 'missing'],
    [12, 'not-email'],
  ])('%j: %s', (value, cause) => {
    expect(textCause(value, 'not-email')).toBe(cause);
  });
});

describe('refusalText and echo at their edges', () => {
  it('without a value to compare with, says nothing more than the cause', () => {
    expect(refusalText({ field: 'email', value: 'nobody', cause: 'not-email' })).toBe('email "nobody" is not an email address');
  });

  it('keeps a value of exactly 40 characters whole', () => {
    expect(echo('x'.repeat(40))).toBe(JSON.stringify('x'.repeat(40)));
    expect(echo('x'.repeat(41))).toBe(JSON.stringify('x'.repeat(40) + '…'));
  });

  it('echoes a number, a boolean and an empty text as text', () => {
    expect([echo(0), echo(false), echo('')]).toEqual(['"0"', '"false"', '""']);
  });
});
