/**
 * The hint for an amount that did not read (npm and debug builds) names a currency code or a
 * thousands separator only when the whole value is written that way: a word or a unit around
 * the number gets the general "not an amount", never a fix that would not work.
 */
import { describe, expect, it } from 'vitest';
import { amountCause } from '../../src/core/refusal';

describe('amountCause names a currency code only before or after the amount', () => {
  it.each([
    ['a capitalised word before the amount', 'TOTAL 27.55'],
    ['a capitalised word after the amount', '27.55 EACH'],
  ])('%s is not an amount, not a currency sign', (_label, value) => {
    expect(amountCause(value)).toBe('not-amount');
  });

  it.each(['EUR 27.55', '27.55 EUR'])('%j carries a currency sign', (value) => {
    expect(amountCause(value)).toBe('currency-sign');
  });
});

describe('amountCause names a thousands separator only for an amount written with one alone', () => {
  it('a grouped number with a unit after it is not an amount', () => {
    expect(amountCause('1,000 pcs')).toBe('not-amount');
  });

  it('a grouped number alone has a thousands separator', () => {
    expect(amountCause('1,000')).toBe('thousands-separator');
  });
});
