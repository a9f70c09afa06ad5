/**
 * Money as exact integer cents. Amounts arrive as decimal strings or numbers in currency
 * units; floats never take part in arithmetic, so totals reconcile to the cent.
 */

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/**
 * Whole cents for a non-negative amount with at most two decimals (`"19.95"`, `19.95`, `"20"`),
 * or undefined for anything else (negative, NaN, `"1e3"`, `"19.999"`, over a trillion).
 */
export function toCents(value: unknown): number | undefined {
  // String(19.95) is "19.95": the shortest round-trip form, so a number with at most two
  // decimals keeps them exactly, and one with more shows them and is refused.
  const s = typeof value == 'number' ? String(value) : value;
  if (typeof s != 'string') return undefined;
  const m = DECIMAL.exec(s.trim());
  // The digits without the point, decimals padded to two: "19.5" is 1950 cents.
  return m ? +(m[1] + (m[2] || '').padEnd(2, '0')) : undefined;
}

/** Cents as a decimal string with two places: 1995 -> "19.95", -5 -> "-0.05". */
// cents / 100 is within a millionth of a cent of the true value for any amount we accept
// (under 2^53 / 100 cents at the very least), far from where toFixed's rounding could turn.
export const formatCents = (cents: number): string => (cents / 100).toFixed(2);
