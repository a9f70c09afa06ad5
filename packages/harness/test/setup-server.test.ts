/**
 * The third way the same handlers serve: msw's `setupServer` in Node, where a merchant's own
 * code (or a test) uses plain `fetch` against the simulated hosts with no server at all.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulation } from '../src/index.js';
import { form, saleQuery, order } from './helpers.js';

const sim = createSimulation({
  ontraportOrigin: 'https://acme.ontraport.com',
  storeOrigin: 'https://secure.ultracart.com',
  merchantOrigin: 'https://www.merchant.example',
});
const server = setupServer(...sim.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('the simulators under setupServer', () => {
  it('records a partner sale sent with fetch, once, and credits the partner', async () => {
    const partner = sim.ontraport.addPartner({ firstName: 'Nora', lastName: 'Node', email: 'nora@partners.example' });
    const tool = sim.ontraport.addPromoTool({ name: 'Landing', landingUrl: sim.merchant.landingUrl });

    const click = await fetch(sim.ontraport.promoLink(partner.id, tool.id, 'node'), { redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(new URL(click.headers.get('location')!).searchParams.get('orid')).toBe(String(partner.id));

    const placed = await fetch(`${sim.store.origin}/checkout`, {
      ...form({
        item: 'SKU-1', qty: '1', email: 'node-buyer@example.com', firstName: 'Ada', lastName: 'Lovelace',
        address: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701', country: 'US', card: '4111111111111111',
      }),
      redirect: 'manual',
    });
    expect(placed.status).toBe(303);
    const orderId = new URL(placed.headers.get('location')!, sim.store.origin).searchParams.get('o')!;
    const receipt = await (await fetch(sim.store.receiptUrl(orderId))).text();
    expect(receipt).toContain('id="partner-pixel-order"');

    const url = `${sim.ontraport.origin}/p?${saleQuery(order(orderId, 'node-buyer@example.com'), { orid: String(partner.id), sid: 'node' })}`;
    for (const attempt of [1, 2]) {
      const answer = await fetch(url);
      expect(answer.headers.get('content-type'), `attempt ${attempt}`).toBe('image/gif');
    }
    expect(sim.ontraport.pixels().map((p) => p.outcome)).toEqual(['recorded', 'duplicate']);
    expect(sim.ontraport.contact('node-buyer@example.com')).toMatchObject({ firstReferrer: partner.id, lastReferrer: partner.id });
    expect(sim.ontraport.partner(partner.id)).toMatchObject({ sales: 1 });
  });
});
