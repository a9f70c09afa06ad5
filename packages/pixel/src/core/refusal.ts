/**
 * Why a value was refused, said so that a merchant can fix it: the field, the value as it
 * came (bounded and escaped, so a megabyte or markup stays harmless in the console), and the
 * likely cause. The production tags print the cause as a short code (`currency-sign`); the
 * npm and debug builds print the sentence.
 */
import { DIAGNOSTICS } from '../build.js';

/** The likely causes, each a short readable code. */
export const CAUSES = {
  missing: 'is missing',
  'unreplaced-token': 'is a receipt token UltraCart did not replace: check its spelling in the conversion HTML',
  'currency-sign': 'carries a currency sign: give the amount alone, like 27.55',
  'thousands-separator': 'has a thousands separator: write 1019.95, not 1,019.95',
  'decimal-comma': 'has a decimal comma: write 19.95, not 19,95',
  negative: 'is negative: amounts are 0 or more',
  'too-many-decimals': 'has more than 2 decimals',
  'not-amount': 'is not an amount: digits with at most 2 decimals, like 19.95',
  'not-email': 'is not an email address',
  'not-id': 'is not an id: 1 to 64 characters without control characters, and not 0',
  'not-whole': 'is not a whole number from 1 to 100000',
  'items-count': 'must be a list of 1 to 100 items',
  'over-subtotal': 'is more than the items subtotal',
  'too-large': 'is over 10,000,000,000',
  mismatch: 'does not equal items + tax + shipping + handling - discount',
  'not-host': 'is not a host name: no scheme, path, port or user',
  'not-ontraport': 'is not *.ontraport.com or .net, nor listed in data-allowed-hosts',
  'missing-domain': 'is a name without its domain: write acme.ontraport.com',
} as const;

export type Cause = keyof typeof CAUSES;

/** One refusal: which field, what it held, and the likely cause. */
export interface Refusal {
  field: string;
  value: unknown;
  cause: Cause;
  /** A value to compare with, e.g. the total the order's lines add up to. */
  expected?: string;
}

/** The value for a message: at most 40 characters, quoted, control characters escaped. */
export function echo(value: unknown): string {
  if (value == null) return String(value);
  const s = typeof value == 'object' ? '[object]' : String(value);
  return JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);
}

/**
 * The likely cause of an amount that did not read as one. The production tags say only
 * `not-amount` (with the value): the debug build and the npm API tell the causes apart.
 */
export const amountCause = (value: unknown): Cause => (DIAGNOSTICS ? whyNotAmount(value) : 'not-amount');

function whyNotAmount(value: unknown): Cause {
  const s = typeof value == 'string' ? value.trim() : value;
  if (s == null || s === '') return 'missing';
  if (typeof s != 'string') return typeof s == 'number' && s < 0 ? 'negative' : 'not-amount';
  if (/^\[\w+\]$/.test(s)) return 'unreplaced-token';
  if (/^-/.test(s)) return 'negative';
  if (/[$€£¥]|^[A-Z]{3}\s*\d|\d\s*[A-Z]{3}$/.test(s)) return 'currency-sign';
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return 'thousands-separator';
  // 19,95 and, with dots between thousands as in much of Europe, 1.019,95.
  if (/^(\d+|\d{1,3}(\.\d{3})+),\d{1,2}$/.test(s)) return 'decimal-comma';
  if (/^\d+\.\d{3,}$/.test(s)) return 'too-many-decimals';
  return 'not-amount';
}

/** The likely cause of a text field that was refused. */
export const textCause = (value: unknown, otherwise: Cause): Cause =>
  value == null || (typeof value == 'string' && !value.trim())
    ? 'missing'
    : typeof value == 'string' && /^\s*\[\w+\]\s*$/.test(value)
      ? 'unreplaced-token'
      : otherwise;

/** `items[0].price "$27.55": carries a currency sign ...`, or with the code in the tags. */
export function refusalText(r: Refusal): string {
  const cause = DIAGNOSTICS ? CAUSES[r.cause] : `(${r.cause})`;
  return `${r.field} ${echo(r.value)} ${cause}${r.expected ? ' = ' + r.expected : ''}`;
}
