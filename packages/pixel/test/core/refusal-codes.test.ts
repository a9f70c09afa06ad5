/**
 * The production tags carry no sentences (DIAGNOSTICS is false in their builds): a refusal
 * prints its cause as a short code in brackets, and every amount that does not read is
 * `not-amount`, with the value still echoed so the merchant sees what came.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/build.js', () => ({ TAG: 'receipt', DIAGNOSTICS: false, VERSION: '0.0.0-test' }));

const { amountCause, refusalText } = await import('../../src/core/refusal');
const { readOrder } = await import('../../src/core/order');
const { MINIMAL, withItem } = await import('../fixtures/orders');

describe('refusals in the production tags', () => {
  it('print the cause as its code in brackets', () => {
    expect(refusalText({ field: 'email', value: 'nobody', cause: 'not-email' })).toBe('email "nobody" (not-email)');
  });

  it.each(['$27.55', '1,019.95', '19,95', '-5', '19.999'])('call the amount %j not-amount, not a finer cause', (value) => {
    expect(amountCause(value)).toBe('not-amount');
  });

  it('name the line and echo the price of a refused order', () => {
    expect(readOrder(withItem(MINIMAL, { price: '$27.55' }))).toMatchObject({
      ok: false,
      reason: 'items[0].price "$27.55" (not-amount)',
    });
  });
});
