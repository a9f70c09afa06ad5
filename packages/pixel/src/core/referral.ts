/**
 * Step 1 of the flow, pure: partner parameters from a landing URL become a referral, and
 * referrals are kept as a first/last record in a compact, versioned cookie value.
 */

/** A partner reference as it arrives on a partner link (docs/wire.md §1). */
export interface ReferralParams {
  /** The partner's ONTRAPORT contact id: a positive integer, as digits. */
  orid: string;
  /** The partner's free-text sub-id, when the link carried a valid one. */
  sid?: string;
  /** The promotional tool number (parameter name inferred), when present. */
  opid?: string;
}

/** A referral as seen at one moment. */
export interface Referral extends ReferralParams {
  /** When it was seen, in whole seconds since the epoch. */
  t: number;
}

/** The first and the last referral seen by this browser (docs/wire.md §2). */
export interface ReferralRecord {
  first: Referral;
  last: Referral;
}

/** Which referrer ONTRAPORT credits, per the merchant's account setting. */
export type Attribution = 'first' | 'last';

// Ids beyond a signed 32-bit integer are not ONTRAPORT contact ids; refusing them also keeps
// absurd values out of the cookie and the pixel.
const MAX_ID = 2147483647;
const ID = /^[1-9]\d{0,9}$/;
const SID = /^[A-Za-z0-9._~-]{1,64}$/;

/** The id as canonical digits, or undefined when it is not a positive 32-bit integer. */
export function parseId(value: unknown): string | undefined {
  const s = typeof value == 'number' ? String(value) : value;
  return typeof s == 'string' && ID.test(s) && +s <= MAX_ID ? s : undefined;
}

/** The sub-id when it is 1 to 64 characters of `[A-Za-z0-9._~-]`, else undefined. */
export function parseSid(value: unknown): string | undefined {
  return typeof value == 'string' && SID.test(value) ? value : undefined;
}

/**
 * Reads `orid`, `sid` and `opid` through `get` (a URLSearchParams' `get`, or any lookup).
 * Without a valid `orid` there is no referral; an invalid `sid` or `opid` is dropped alone.
 */
export function parseReferral(
  get: (name: string) => unknown,
): ReferralParams | undefined {
  const orid = parseId(get('orid'));
  if (!orid) return undefined;
  const ref: ReferralParams = { orid };
  const sid = parseSid(get('sid'));
  const opid = parseId(get('opid'));
  if (sid) ref.sid = sid;
  if (opid) ref.opid = opid;
  return ref;
}

const VERSION = '1';

const encodePart = (r: Referral): string =>
  [r.orid, r.sid || '', r.opid || '', r.t].join(':');

// Every field is digits or sub-id characters, so '|' and ':' never occur inside one. Each
// goes through the same parser as on the way in.
function decodePart(s: string): Referral | undefined {
  const [orid, sid, opid, t] = s.split(':');
  const ref = parseReferral((k) => ({ orid, sid, opid })[k]);
  return ref && /^\d{1,12}$/.test(t) ? { ...ref, t: +t } : undefined;
}

/** The record as a cookie-safe string: `1|<first>|<last>`, each `orid:sid:opid:time`. */
export function encodeRecord(record: ReferralRecord): string {
  return [VERSION, encodePart(record.first), encodePart(record.last)].join('|');
}

/** The record, or undefined for anything that is not exactly what `encodeRecord` writes. */
export function decodeRecord(value: unknown): ReferralRecord | undefined {
  // The cap only bounds the work done on a hostile value: a record that round-trips is at most
  // 201 characters, so no input tells the cap's bound apart from none.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: see above
  if (typeof value != 'string' || value.length > 300) return undefined;
  const parts = value.split('|');
  // Stryker disable next-line StringLiteral: any text without a valid orid decodes to no part, as '' does
  const first = decodePart(parts[1] || '');
  // Stryker disable next-line StringLiteral: as above
  const last = decodePart(parts[2] || '');
  if (!first || !last) return undefined;
  // Written back, it must give the same text: that refuses another version, an extra part or
  // field, and any field the parsers dropped or would write differently.
  const record = { first, last };
  return encodeRecord(record) == value ? record : undefined;
}

/** A new click updates `last` and never `first`. */
export function mergeReferral(
  record: ReferralRecord | undefined,
  ref: ReferralParams,
  now: number,
): ReferralRecord {
  const seen: Referral = { ...ref, t: Math.floor(now / 1000) };
  return { first: record ? record.first : seen, last: seen };
}

/** The referral to credit under the merchant's first/last setting, without its timestamp. */
export function creditedReferral(
  record: ReferralRecord | undefined,
  attribution: Attribution,
): ReferralParams | undefined {
  if (!record) return undefined;
  // Parts were parsed on their way in (no empty sid or opid): only the time is left out.
  const { t, ...ref } = record[attribution];
  return ref;
}
