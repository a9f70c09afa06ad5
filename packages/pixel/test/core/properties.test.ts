/**
 * Hostile and arbitrary input, thousands of cases each: nothing throws, every
 * accepted order survives library -> query -> parser to the cent, every refusal says why.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHost } from '../../src/core/host';
import { readOrder } from '../../src/core/order';
import { decodeRecord, encodeRecord, parseReferral } from '../../src/core/referral';
import { buildQuery, DEFAULT_KEYS, parseQuery, payloadTotal, toPayload } from '../../src/core/wire';
import { mutatedOrder, orderish, partnerId, referral, subId, validOrder } from '../fixtures/arbitraries';

const RUNS = { numRuns: 3000 };
// Thousands of cases take seconds on a busy 2-core machine; the default 5 s would be flaky.
const SLOW = { timeout: 120_000 };

// Keys as one merchant's ONTRAPORT snippet spells them (docs/wire.md §4): each must round-trip.
const OVERRIDDEN = {
  ...DEFAULT_KEYS,
  firstName: 'First_Name',
  lastName: 'Last_Name',
  address: 'Address',
  city: 'City',
  state: 'State',
  zip: 'Zip_Code',
  country: 'Country',
};

describe('valid orders', SLOW, () => {
  it('are accepted and come back from the wire unchanged, money to the cent', () => {
    fc.assert(
      fc.property(
        validOrder,
        fc.option(referral, { nil: undefined }),
        fc.constantFrom(DEFAULT_KEYS, OVERRIDDEN),
        ({ input, expected }, cookieReferral, keys) => {
          const read = readOrder(input);
          if (!read.ok) throw new Error(read.reason);
          expect(read.order.total).toBe(expected.totalCents);

          const payload = toPayload(read.order, cookieReferral);
          const parsed = parseQuery(buildQuery(payload, keys), keys);
          if (!parsed.ok) throw new Error(parsed.reason);
          const back = parsed.payload;
          expect(back).toEqual(payload);
          expect(back.orderId).toBe(expected.orderId);
          expect(back.email).toBe(expected.email);
          for (const [k, v] of Object.entries(expected.contact)) expect(back[k as 'city']).toBe(v);
          // The order's own partner beats the cookie's (docs/wire.md §3).
          expect(back.referral).toEqual(expected.partner || cookieReferral);
          expect(payloadTotal(back)).toBe(expected.totalCents);
          for (const line of back.items) {
            expect(Number.isInteger(line.price) && line.price >= 0).toBe(true);
            expect(Number.isInteger(line.quantity) && line.quantity >= 1).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('junk orders', SLOW, () => {
  const neverThrowsAndExplains = (input: unknown) => {
    const result = readOrder(input);
    if (result.ok) {
      // Whatever got through must still be a sound sale on the wire.
      const parsed = parseQuery(buildQuery(toPayload(result.order)));
      expect(parsed.ok).toBe(true);
      expect(parsed.ok && payloadTotal(parsed.payload)).toBe(result.order.total);
    } else {
      expect(typeof result.reason).toBe('string');
      expect(result.reason.trim()).not.toBe('');
    }
  };

  it('fc.anything(): readOrder never throws; every refusal has a reason', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withDate: true, withMap: true }),
        neverThrowsAndExplains,
      ),
      RUNS,
    );
  });

  it('fc.string(): readOrder never throws; every refusal has a reason', () => {
    fc.assert(fc.property(fc.string(), neverThrowsAndExplains), RUNS);
  });

  it('order-shaped objects with random wrong fields: never throws; every refusal has a reason', () => {
    fc.assert(fc.property(orderish, neverThrowsAndExplains), RUNS);
  });

  it('valid orders with one to three fields made wrong: never throws; every refusal has a reason', () => {
    fc.assert(fc.property(mutatedOrder, neverThrowsAndExplains), RUNS);
  });

  it('parseQuery never throws on arbitrary query strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (query) => {
        const result = parseQuery(query);
        expect(result.ok || result.reason.length > 0).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('referral cookie values', SLOW, () => {
  const record = fc.record({
    first: fc.record(
      { orid: partnerId, sid: subId, opid: partnerId, t: fc.integer({ min: 0, max: 999999999999 }) },
      { requiredKeys: ['orid', 't'] },
    ),
    last: fc.record(
      { orid: partnerId, sid: subId, opid: partnerId, t: fc.integer({ min: 0, max: 999999999999 }) },
      { requiredKeys: ['orid', 't'] },
    ),
  });

  it('decodeRecord never throws and reads random strings as no record', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (value) => {
        const decoded = decodeRecord(value);
        // Whatever decodes must be exactly what encodeRecord writes for it.
        if (decoded) expect(encodeRecord(decoded)).toBe(value);
      }),
      RUNS,
    );
  });

  it('decodeRecord never throws on fc.anything()', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withNullPrototype: true }), (value) => {
        expect(decodeRecord(value)).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('valid records round-trip', () => {
    fc.assert(
      fc.property(record, (r) => {
        expect(decodeRecord(encodeRecord(r))).toEqual(r);
      }),
      RUNS,
    );
  });

  it('a tampered record (one character changed, cut or added) decodes as valid fields or not at all', () => {
    fc.assert(
      fc.property(record, fc.nat(), fc.string({ minLength: 0, maxLength: 3 }), fc.nat({ max: 3 }), (r, at, s, cut) => {
        const encoded = encodeRecord(r);
        const i = at % (encoded.length + 1);
        const tampered = encoded.slice(0, i) + s + encoded.slice(i + cut);
        const decoded = decodeRecord(tampered);
        if (decoded) {
          for (const part of [decoded.first, decoded.last]) {
            expect(part.orid).toMatch(/^[1-9]\d{0,9}$/);
            expect(+part.orid).toBeLessThanOrEqual(2147483647);
            if (part.sid !== undefined) expect(part.sid).toMatch(/^[A-Za-z0-9._~-]{1,64}$/);
            if (part.opid !== undefined) expect(+part.opid).toBeLessThanOrEqual(2147483647);
          }
        }
      }),
      RUNS,
    );
  });
});

describe('partner links', SLOW, () => {
  // A query string assembled from partner-ish keys and any values, encoded or raw.
  const query = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc
      .array(
        fc.tuple(
          fc.constantFrom('orid', 'sid', 'opid', 'utm_source', 'orid[]', 'ORID'),
          fc.oneof(fc.string({ unit: 'binary' }), fc.integer().map(String), fc.bigInt().map(String), partnerId, subId),
          fc.boolean(),
        ),
        { maxLength: 6 },
      )
      .map((pairs) =>
        pairs.map(([k, v, encode]) => `${k}=${encode ? encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '')) : v}`).join('&'),
      ),
  );

  it('parseReferral never throws and only ever yields a sound orid, sid and opid', () => {
    fc.assert(
      fc.property(query, (q) => {
        const params = new URLSearchParams(q);
        const ref = parseReferral((k) => params.get(k));
        if (!ref) return;
        expect(ref.orid).toMatch(/^[1-9]\d{0,9}$/);
        expect(+ref.orid).toBeLessThanOrEqual(2147483647);
        if (ref.sid !== undefined) expect(ref.sid).toMatch(/^[A-Za-z0-9._~-]{1,64}$/);
        if (ref.opid !== undefined) {
          expect(ref.opid).toMatch(/^[1-9]\d{0,9}$/);
          expect(+ref.opid).toBeLessThanOrEqual(2147483647);
        }
        expect(Object.keys(ref).every((k) => ['orid', 'sid', 'opid'].includes(k))).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('pixel destination', SLOW, () => {
  // Strings around the allowed shape: ONTRAPORT names, look-alikes, URLs, loopback, junk.
  const host = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.domain(),
    fc.domain().map((d) => d + '.ontraport.com'),
    fc.domain().map((d) => 'ontraport.com.' + d),
    fc.webUrl(),
    fc.tuple(fc.domain(), fc.constantFrom(':8080', '/p', '@evil.com', '.', ' ', '\n', '?x', '#x')).map(([d, s]) => d + '.ontraport.net' + s),
    fc.constantFrom('localhost:8080', '127.0.0.1:9000', 'a.localhost:1', 'localhost'),
  );
  const allowed = fc.array(fc.oneof(fc.domain(), fc.constantFrom('localhost:8080', '127.0.0.1:9000'), fc.string()), {
    maxLength: 3,
  });

  it('checkHost only ever returns a bare origin on ONTRAPORT or a listed host', () => {
    fc.assert(
      fc.property(host, allowed, (value, list) => {
        const result = checkHost(value, list);
        if (!('origin' in result)) {
          expect(result.error).toMatch(/subdomain/);
          return;
        }
        const url = new URL(result.origin);
        // Nothing but scheme and host: no credentials, path, query or fragment can ride along.
        expect(url.origin).toBe(result.origin);
        expect(url.username + url.password).toBe('');
        const listed = list.some((h) => h.toLowerCase() == url.host);
        expect(listed || /\.ontraport\.(com|net)$/.test(url.hostname)).toBe(true);
        if (url.protocol == 'http:') {
          // Plain http only for a listed loopback host.
          expect(listed).toBe(true);
          expect(url.hostname == 'localhost' || url.hostname.endsWith('.localhost') || url.hostname.startsWith('127.')).toBe(true);
        } else {
          expect(url.protocol).toBe('https:');
          expect(url.port).toBe('');
        }
      }),
      { numRuns: 5000 },
    );
  });
});
