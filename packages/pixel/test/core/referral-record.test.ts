/** A stored referral cookie is taken only when every part is what encodeRecord writes. */
import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../../src/core/referral';

describe('decodeRecord refuses a part that would encode the same yet was never valid', () => {
  it.each([
    ['a part without an orid', '1|:::1|43:::1'],
    ['a negative time', '1|42:::-1|43:::1'],
    ['a fractional time', '1|42:::1.5|43:::1'],
    ['a time of 13 digits', '1|42:::1000000000000|43:::1'],
  ])('%s', (_label, value) => {
    expect(decodeRecord(value)).toBeUndefined();
  });

  it('takes a time of 12 digits', () => {
    expect(decodeRecord('1|42:::999999999999|43:::1')?.first.t).toBe(999999999999);
  });
});
