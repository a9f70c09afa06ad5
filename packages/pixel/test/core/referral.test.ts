import { describe, expect, it } from 'vitest';
import {
  creditedReferral,
  decodeRecord,
  encodeRecord,
  mergeReferral,
  parseId,
  parseReferral,
  parseSid,
  type ReferralRecord,
} from '../../src/core/referral';

/** A lookup like a landing page URL's query, the way capture reads it. */
const fromQuery = (query: string) => {
  const q = new URLSearchParams(query);
  return (name: string) => q.get(name);
};

describe('parseId (orid, opid)', () => {
  it.each([
    ['480125', '480125'],
    [480125, '480125'],
    ['1', '1'],
    ['2147483647', '2147483647'],
  ])('accepts %j as %j', (value, expected) => {
    expect(parseId(value)).toBe(expected);
  });

  it.each([
    ['non-numeric', 'abc'],
    ['digits then text', '42abc'],
    ['negative', '-5'],
    ['negative number', -5],
    ['zero', '0'],
    ['zero number', 0],
    ['leading zero', '042'],
    ['huge, one past int32', '2147483648'],
    ['huge, 11 digits', '99999999999'],
    ['huge number', 1e12],
    ['float', '1.5'],
    ['float number', 1.5],
    ['exponent', '1e3'],
    ['hex', '0x1F'],
    ['whitespace around', ' 42 '],
    ['trailing newline', '42\n'],
    ['plus sign', '+42'],
    ['markup', '<script>alert(1)</script>'],
    ['markup after digits', '42<b>'],
    ['full-width digits', '４２'],
    ['empty', ''],
    ['null', null],
    ['undefined', undefined],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['array', ['42']],
    ['object', { orid: 42 }],
  ])('refuses %s', (_label, value) => {
    expect(parseId(value)).toBeUndefined();
  });
});

describe('parseSid', () => {
  it.each(['spring', 'A-z_0.9~', 'x', 'a'.repeat(64)])('accepts %j', (sid) => {
    expect(parseSid(sid)).toBe(sid);
  });

  it.each([
    ['markup', '<b>x</b>'],
    ['quote', 'a"b'],
    ['too long (65)', 'a'.repeat(65)],
    ['space', 'spring sale'],
    ['percent', '50%off'],
    ['slash', 'a/b'],
    ['ampersand', 'a&b'],
    ['record separator', 'a|b'],
    ['record field separator', 'a:b'],
    ['non-ASCII', 'été'],
    ['newline', 'a\nb'],
    ['empty', ''],
    ['number', 42],
    ['null', null],
  ])('refuses %s', (_label, value) => {
    expect(parseSid(value)).toBeUndefined();
  });
});

describe('parseReferral', () => {
  it.each([
    ['orid alone', 'orid=480125', { orid: '480125' }],
    ['all three', 'orid=42&sid=spring&opid=7', { orid: '42', sid: 'spring', opid: '7' }],
    ['other params ignored', 'utm_source=x&orid=42&page=2', { orid: '42' }],
    ['first of repeated orid', 'orid=42&orid=43', { orid: '42' }],
  ])('%s', (_label, query, expected) => {
    expect(parseReferral(fromQuery(query))).toEqual(expected);
  });

  it.each([
    ['no orid', 'sid=spring&opid=7'],
    ['non-numeric orid', 'orid=abc&sid=spring'],
    ['negative orid', 'orid=-42'],
    ['zero orid', 'orid=0'],
    ['huge orid', 'orid=2147483648'],
    ['float orid', 'orid=4.2'],
    ['hex orid', 'orid=0x2A'],
    ['whitespace orid', 'orid=%2042%20'],
    ['markup orid', 'orid=%3Cscript%3E42%3C%2Fscript%3E'],
    ['empty orid', 'orid='],
  ])('no referral for %s', (_label, query) => {
    expect(parseReferral(fromQuery(query))).toBeUndefined();
  });

  it.each([
    ['markup', '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E'],
    ['too long', 'a'.repeat(65)],
    ['bad characters', 'spring%20sale%21'],
    ['empty', ''],
  ])('drops a sid with %s alone and keeps orid and opid', (_label, sid) => {
    expect(parseReferral(fromQuery(`orid=42&sid=${sid}&opid=7`))).toEqual({ orid: '42', opid: '7' });
  });

  it.each([
    ['non-numeric', 'seven'],
    ['negative', '-7'],
    ['huge', '99999999999'],
    ['markup', '%3Cb%3E7'],
  ])('drops a %s opid alone and keeps orid and sid', (_label, opid) => {
    expect(parseReferral(fromQuery(`orid=42&sid=spring&opid=${opid}`))).toEqual({
      orid: '42',
      sid: 'spring',
    });
  });

  it('reads through any lookup, such as an order field map', () => {
    const fields: Record<string, unknown> = { orid: 42, sid: 'spring' };
    expect(parseReferral((k) => fields[k])).toEqual({ orid: '42', sid: 'spring' });
  });
});

const RECORD: ReferralRecord = {
  first: { orid: '42', sid: 'spring', t: 1700000000 },
  last: { orid: '43', opid: '7', t: 1700000100 },
};
const ENCODED = encodeRecord(RECORD);

describe('encodeRecord / decodeRecord', () => {
  it('writes the versioned compact form', () => {
    expect(ENCODED).toBe('1|42:spring::1700000000|43::7:1700000100');
  });

  it.each<[string, ReferralRecord]>([
    ['the sample', RECORD],
    ['first = last, orid only', { first: { orid: '1', t: 0 }, last: { orid: '1', t: 0 } }],
    [
      'longest fields',
      {
        first: { orid: '2147483647', sid: '~'.repeat(64), opid: '2147483647', t: 999999999999 },
        last: { orid: '9', sid: 'a.b_c-d~e', t: 1 },
      },
    ],
  ])('round-trips %s', (_label, record) => {
    expect(decodeRecord(encodeRecord(record))).toEqual(record);
  });

  it.each([
    ['garbage', 'hello world'],
    ['markup', '<script>alert(1)</script>'],
    ['empty', ''],
    ['truncated after first', ENCODED.slice(0, ENCODED.indexOf('|', 2))],
    ['truncated mid-field', ENCODED.slice(0, -4) + ':'],
    ['truncated to version', '1|'],
    ['cut in half', ENCODED.slice(0, ENCODED.length / 2)],
    ['wrong version', '2' + ENCODED.slice(1)],
    ['version zero', '0' + ENCODED.slice(1)],
    ['no version', ENCODED.slice(2)],
    ['extra part', ENCODED + '|44:::1'],
    ['foreign JSON', JSON.stringify(RECORD)],
    ['foreign cookie format', 'orid=42&sid=spring'],
    ['percent-encoded', encodeURIComponent(ENCODED)],
    ['tampered orid: letters', ENCODED.replace('42', 'x2')],
    ['tampered orid: zero', '1|0:::1|43:::1'],
    ['tampered orid: huge', '1|2147483648:::1|43:::1'],
    ['tampered orid: negative', '1|-42:::1|43:::1'],
    ['tampered sid: markup', '1|42:<b>::1|43:::1'],
    ['tampered sid: too long', `1|42:${'a'.repeat(65)}::1|43:::1`],
    ['tampered opid: zero', '1|42::0:1|43:::1'],
    ['tampered opid: huge', '1|42::99999999999:1|43:::1'],
    ['tampered time: letters', '1|42:::soon|43:::1'],
    ['tampered time: missing', '1|42:::|43:::1'],
    ['tampered time: leading zero', '1|42:::01|43:::1'],
    ['extra field', '1|42:::1:5|43:::1'],
    ['missing field', '1|42::1|43:::1'],
    ['whitespace', ` ${ENCODED} `],
    ['over the length cap', `1|42:::1|43:::${'1'.repeat(300)}`],
    ['null', null],
    ['undefined', undefined],
    ['number', 42],
    ['object', RECORD],
  ])('reads %s as no record, without throwing', (_label, value) => {
    expect(decodeRecord(value)).toBeUndefined();
  });
});

describe('mergeReferral', () => {
  const now = 1700000000_500; // ms; the record keeps whole seconds

  it('a first referral becomes both first and last', () => {
    expect(mergeReferral(undefined, { orid: '42', sid: 'a' }, now)).toEqual({
      first: { orid: '42', sid: 'a', t: 1700000000 },
      last: { orid: '42', sid: 'a', t: 1700000000 },
    });
  });

  it('a second partner updates last, never first', () => {
    const merged = mergeReferral(RECORD, { orid: '99' }, now);
    expect(merged.first).toEqual(RECORD.first);
    expect(merged.last).toEqual({ orid: '99', t: 1700000000 });
  });

  it('the same partner again refreshes last only', () => {
    const merged = mergeReferral(RECORD, { orid: '42', sid: 'spring' }, now + 5000);
    expect(merged.first).toEqual(RECORD.first);
    expect(merged.last).toEqual({ orid: '42', sid: 'spring', t: 1700000005 });
  });

  it('leaves the record it was given untouched', () => {
    const before = structuredClone(RECORD);
    mergeReferral(RECORD, { orid: '99' }, now);
    expect(RECORD).toEqual(before);
  });
});

describe('creditedReferral', () => {
  it.each([
    ['first', { orid: '42', sid: 'spring' }],
    ['last', { orid: '43', opid: '7' }],
  ] as const)('credits %s, without its timestamp', (attribution, expected) => {
    expect(creditedReferral(RECORD, attribution)).toStrictEqual(expected);
  });

  it.each(['first', 'last'] as const)('credits nobody without a record (%s)', (attribution) => {
    expect(creditedReferral(undefined, attribution)).toBeUndefined();
  });

  it('carries no empty sid or opid', () => {
    const record = decodeRecord('1|42:::1|42:::1')!;
    expect(creditedReferral(record, 'last')).toStrictEqual({ orid: '42' });
  });
});
