import { describe, expect, it } from 'vitest';
import {
  bridgeReceiptStatus,
  decodeReferralCookie,
  ledgerFacts,
  pageStatus,
  receiptStatus,
  type AccountFacts,
  type PageFacts,
  type ReceiptFacts,
} from '../src/sandbox/status-facts.js';
import { statusLineScript } from '../src/sandbox/status-line.js';

const account = (over: Partial<AccountFacts> = {}): AccountFacts => ({
  attribution: 'last',
  partners: [
    { id: 7, firstName: 'Paula', lastName: 'Partner' },
    { id: 8, firstName: 'Sam', lastName: 'Referrer' },
  ],
  pixels: [],
  purchases: [],
  ...over,
});

const page = (over: Partial<PageFacts> = {}): PageFacts => ({
  referral: null,
  tagAttribution: 'last',
  account: account(),
  waiting: [],
  warnings: [],
  tagPending: false,
  elapsed: 1000,
  ...over,
});

const receipt = (over: Partial<ReceiptFacts> = {}): ReceiptFacts => ({
  ...page(),
  orderId: 'UC-5',
  renderedAt: '2026-01-01T10:00:00.000Z',
  sentBefore: false,
  elapsed: 1000,
  ...over,
});

describe('the status line of a landing or checkout page', () => {
  it('reads the tag\'s cookie as first and last referral', () => {
    expect(decodeReferralCookie('1|7:news:1:1700000000|8::2:1700000100')).toEqual({ first: { orid: '7', sid: 'news' }, last: { orid: '8' } });
    expect(decodeReferralCookie(undefined)).toBeNull();
    expect(decodeReferralCookie('2|x')).toBeUndefined();
  });

  it('says no partner is held when the cookie is absent', () => {
    expect(pageStatus(page())).toMatchObject({ tone: 'warn', text: expect.stringContaining('No partner captured in this browser') });
  });

  it('waits for the tag before it says anything of the cookie, and says so when the tag never starts', () => {
    // Before the async tag has run, a promo link's partner is in the URL but not yet in the cookie.
    expect(pageStatus(page({ tagPending: true, elapsed: 300 }))).toEqual({ tone: 'wait', text: 'Waiting for the tag…' });
    expect(pageStatus(page({ tagPending: true, elapsed: 6000 }))).toMatchObject({ tone: 'bad', text: expect.stringContaining('The tag has not started on this page') });
  });

  it('names the partner held and the one the tag will send, per its data-attribution', () => {
    const referral = decodeReferralCookie('1|7::1:1|8::1:2');
    expect(pageStatus(page({ referral })).text).toContain('Partners captured: first Paula Partner #7, last Sam Referrer #8. The tag will send the last referrer, Sam Referrer #8');
    const first = pageStatus(page({ referral, tagAttribution: 'first', account: account({ attribution: 'first' }) }));
    expect(first).toMatchObject({ tone: 'ok', text: expect.stringContaining('The tag will send the first referrer, Paula Partner #7') });
  });

  it('says so when the tag and the account credit different referrers', () => {
    const line = pageStatus(page({ referral: decodeReferralCookie('1|7::1:1|8::1:2'), account: account({ attribution: 'first' }) }));
    expect(line).toMatchObject({ tone: 'bad', text: expect.stringContaining('but ONTRAPORT credits the first referrer: they disagree') });
  });

  it('adds the tag\'s warnings and the pixels its ledger still holds', () => {
    const line = pageStatus(page({ warnings: ['order refused: total (mismatch)'], waiting: [{ orderId: 'UC-3', attempts: 2 }] }));
    expect(line.text).toContain('The tag warned: order refused: total (mismatch).');
    expect(line.text).toContain('UC-3 (2 attempts so far)');
  });
});

describe('the status line of a receipt', () => {
  const hit = (at: string, outcome: string, reason?: string) => ({ at, orderId: 'UC-5', outcome, ...(reason ? { reason } : {}) });
  const purchase = { orderId: 'UC-5', partnerId: 7, referralSource: 'query' };

  it('says the pixel was sent when the account received this order\'s pixel after the page was rendered', () => {
    const line = receiptStatus(receipt({ account: account({ pixels: [hit('2026-01-01T10:00:01.000Z', 'recorded')], purchases: [purchase] }) }));
    expect(line).toMatchObject({ tone: 'ok', text: expect.stringContaining('Pixel sent: ONTRAPORT recorded order UC-5 and credited Paula Partner #7 (named in the pixel)') });
  });

  it('warns when the recorded sale credits nobody', () => {
    const line = receiptStatus(receipt({ account: account({ pixels: [hit('2026-01-01T10:00:01.000Z', 'recorded')], purchases: [{ ...purchase, partnerId: null, referralSource: null }] }) }));
    expect(line).toMatchObject({ tone: 'warn', text: expect.stringContaining('credited no partner: neither the pixel nor the contact named one') });
  });

  it('says "already sent, nothing new" on a reload: the ledger listed it and no pixel came since', () => {
    const earlier = account({ pixels: [hit('2026-01-01T09:59:00.000Z', 'recorded')], purchases: [purchase] });
    const line = receiptStatus(receipt({ sentBefore: true, account: earlier }));
    expect(line.text).toContain("Already sent, nothing new: the tag's ledger lists order UC-5 as sent, so this load sent no pixel.");
    // An earlier pixel alone, without the ledger, is not taken as "sent by this browser".
    expect(receiptStatus(receipt({ account: earlier, elapsed: 9000 })).text).toContain('No pixel for order UC-5 has reached ONTRAPORT');
  });

  it('shows a failed pixel as not delivered and still held, and the retry that lands as sent', () => {
    const failed = account({ pixels: [hit('2026-01-01T10:00:01.000Z', 'failed', 'injected status 503')] });
    const line = receiptStatus(receipt({ account: failed, waiting: [{ orderId: 'UC-5', attempts: 1 }] }));
    expect(line).toMatchObject({ tone: 'bad', text: expect.stringContaining('Pixel not delivered (injected status 503)') });
    expect(line.text).toContain('The tag still holds a pixel to deliver: UC-5 (1 attempt so far)');
    const landed = account({ pixels: [...failed.pixels, hit('2026-01-01T10:00:03.000Z', 'recorded')], purchases: [purchase] });
    expect(receiptStatus(receipt({ account: landed })).text).toContain('Pixel sent');
  });

  it('reports the tag\'s refusal when nothing was sent, and waits a moment before saying nothing came', () => {
    expect(receiptStatus(receipt({ warnings: ['order refused: total "1" (mismatch)'] })).text).toBe('No pixel sent. The tag warned: order refused: total "1" (mismatch).');
    expect(receiptStatus(receipt({ elapsed: 1000 })).text).toBe('Waiting for the tag…');
    expect(receiptStatus(receipt({ elapsed: 6000 })).tone).toBe('bad');
  });

  it('says the tag has not started when the receipt tag never ran, instead of only that no pixel arrived', () => {
    expect(receiptStatus(receipt({ tagPending: true, elapsed: 1000 }))).toEqual({ tone: 'wait', text: 'Waiting for the tag…' });
    expect(receiptStatus(receipt({ tagPending: true, elapsed: 6000 }))).toMatchObject({ tone: 'bad', text: expect.stringContaining('The tag has not started on this page') });
  });
});

describe('the status line script', () => {
  it('is one self-contained inline script that reads the account and links its dashboard', () => {
    const html = statusLineScript({ ontraportOrigin: 'http://ontraport.localhost:8080/x' }, { kind: 'receipt', orderId: 'UC-</script>', renderedAt: 'now' });
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).toContain('"state":"http://ontraport.localhost:8080/__harness/state"');
    expect(html).toContain('"dashboard":"http://ontraport.localhost:8080/"');
    expect(html).toContain('function receiptStatus(');
  });
});

describe('ledgerFacts: the tag ledger as the status line reads it', () => {
  const current = JSON.stringify({ sent: ['UC-1'], queue: [{ id: 'UC-2', url: 'https://x/p', tries: 2, due: 0 }] });
  const old = JSON.stringify({ d: ['UC-9'], q: [{ i: 'UC-8', u: 'https://x/p', n: 1, l: 0 }] });

  it('reads the current format', () => {
    expect(ledgerFacts(current, null)).toEqual({ sent: ['UC-1'], waiting: [{ orderId: 'UC-2', attempts: 2 }] });
  });

  it('reads the first format only while the current key is absent, as the tag does', () => {
    expect(ledgerFacts(null, old)).toEqual({ sent: ['UC-9'], waiting: [{ orderId: 'UC-8', attempts: 1 }] });
    expect(ledgerFacts(current, old).sent).toEqual(['UC-1']);
  });

  it.each([null, '', '{not json', '42', '[]', '{"sent":"UC-1"}'])('reads %j as empty', (text) => {
    expect(ledgerFacts(text, null)).toEqual({ sent: [], waiting: [] });
  });
});

describe('the receipt line with the bridge', () => {
  const facts = (over: Partial<ReceiptFacts>): ReceiptFacts => ({ ...page(), orderId: 'UC-1', renderedAt: '2026-01-01T00:00:00.000Z', sentBefore: false, elapsed: 100, bridge: true, ...over });
  const sale = { orderId: 'UC-1', partnerId: 7, referralSource: 'query', source: 'server-pixel', status: 'paid', total: 20467, items: [{ id: 'SKU-1', quantity: 2 }, { id: 'SKU-2', quantity: 1 }] };
  it('waits for the bridge, then names the path, the items, the total and the partner', () => {
    expect(receiptStatus(facts({}))).toMatchObject({ tone: 'wait', text: expect.stringContaining('Waiting for the bridge to report order UC-1') });
    expect(receiptStatus(facts({ elapsed: 20000 }))).toMatchObject({ tone: 'bad', text: expect.stringContaining("shows the bridge's log") });
    const line = receiptStatus(facts({ account: account({ purchases: [sale] }) }));
    expect(line).toEqual({ tone: 'ok', text: expect.stringContaining("through the bridge's server-side pixel: SKU-1 × 2, SKU-2 × 1, total $204.67, credited Paula Partner #7.") });
    expect(line.text).toContain('No receipt tag on this page');
  });
  it('warns when two paths reported the order, and when it credited nobody', () => {
    const twice = bridgeReceiptStatus(facts({ account: account({ purchases: [sale, { ...sale, source: 'api' }] }) }));
    expect(twice).toMatchObject({ tone: 'warn', text: expect.stringContaining('Reported 2 times') });
    expect(bridgeReceiptStatus(facts({ account: account({ purchases: [{ ...sale, partnerId: null }] }) })).text).toContain('credited no partner');
  });
});
