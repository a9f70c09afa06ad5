import { describe, expect, it } from 'vitest';
import { formatCents, toCents } from '../../src/core/money';

describe('toCents', () => {
  it.each([
    ['19.95', 1995],
    [19.95, 1995],
    ['20', 2000],
    [20, 2000],
    ['0.1', 10],
    [0.1, 10],
    ['5.5', 550],
    ['0', 0],
    [0, 0],
    ['0.00', 0],
    ['05', 500],
    [' 5 ', 500],
    ['999999999999.99', 99999999999999],
  ])('%j -> %j cents', (value, cents) => {
    expect(toCents(value)).toBe(cents);
  });

  it.each([
    ['over-precise string', '19.999'],
    ['over-precise number', 19.999],
    ['float drift', 0.1 + 0.2],
    ['negative number', -1],
    ['negative string', '-1'],
    ['negative zero string', '-0'],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['exponent string', '1e3'],
    ['exponent number rendered as 1e+21', 1e21],
    ['tiny number rendered as 1e-7', 1e-7],
    ['hex', '0x10'],
    ['thousands separator', '1,000.00'],
    ['decimal comma', '19,95'],
    ['currency sign', '$5'],
    ['currency code', '5 USD'],
    ['no integer part', '.5'],
    ['dangling point', '5.'],
    ['over a trillion', '1000000000000'],
    ['empty', ''],
    ['whitespace only', '   '],
    ['null', null],
    ['undefined', undefined],
    ['boolean', true],
    ['object', {}],
    ['array', ['5']],
    ['boxed number', Object(5)],
    ['bigint', 5n],
    ['markup', '<b>5</b>'],
  ])('refuses %s', (_label, value) => {
    expect(toCents(value)).toBeUndefined();
  });
});

describe('formatCents', () => {
  it.each([
    [1995, '19.95'],
    [0, '0.00'],
    [5, '0.05'],
    [50, '0.50'],
    [100, '1.00'],
    [123456789, '1234567.89'],
    [-5, '-0.05'],
    [-1995, '-19.95'],
  ])('%j -> %j', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it.each([0, 1, 9, 10, 99, 100, 101, 1995, 4510, 99999999999999])(
    'toCents(formatCents(%j)) gives it back',
    (cents) => {
      expect(toCents(formatCents(cents))).toBe(cents);
    },
  );
});
