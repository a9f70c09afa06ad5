import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulation, startServer, TEST_CARDS, type HarnessServer, type Simulation } from '../src/index.js';
import { saleQuery, order } from './helpers.js';

/** One plain request to the server with a Host header, as a browser would send it. */
function send(host: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: init.method ?? 'GET', headers: { host, ...init.headers } }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

let server: HarnessServer;
let sim: Simulation;
let op: string, store: string;

beforeAll(async () => {
  server = await startServer({ handlers: [], https: false });
  sim = createSimulation({
    ontraportOrigin: `http://ontraport.localhost:${server.port}`,
    storeOrigin: `http://127.0.0.1:${server.port}`,
    merchantOrigin: `http://localhost:${server.port}`,
  });
  server.use(...sim.handlers);
  op = sim.ontraport.host;
  store = sim.store.host;
});
afterAll(() => server.close());

describe('the simulators over a real HTTP server', () => {
  it('follows the whole original flow: promo link cookie, checkout, receipt image, pixel with that cookie', async () => {
    const partner = sim.ontraport.addPartner({ firstName: 'P', lastName: 'Q', email: 'p@partners.example' });
    const tool = sim.ontraport.addPromoTool({ name: 'Checkout', landingUrl: sim.store.checkoutUrl('SKU-1') });
    const click = await send(op, new URL(sim.ontraport.promoLink(partner.id, tool.id)).pathname + new URL(sim.ontraport.promoLink(partner.id, tool.id)).search);
    expect(click.status).toBe(302);
    const cookie = (click.headers['set-cookie'] as string[])[0].split(';')[0];
    expect(cookie).toBe(`oprid=${partner.id}:${tool.id}:`);

    sim.store.configure({ mode: 'original' });
    const body = new URLSearchParams({ item: 'SKU-1', email: 'ada@example.com', firstName: 'Ada', lastName: 'L', card: TEST_CARDS.approve });
    const placed = await send(store, '/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    expect(placed.status).toBe(303);
    const receipt = await send(store, new URL(placed.headers.location as string).pathname + new URL(placed.headers.location as string).search);
    const src = new URL(/<img src="([^"]+)"/.exec(receipt.body)![1].replace(/&amp;/g, '&'));
    const hit = await send(op, src.pathname + src.search, { headers: { cookie } });
    expect(hit.status).toBe(200);
    expect(hit.headers['content-type']).toBe('image/gif');
    expect(hit.body.startsWith('GIF89a')).toBe(true);
    expect(sim.ontraport.purchase('UC-1001')).toMatchObject({ partnerId: partner.id, referralSource: 'cookie', total: sim.store.order('UC-1001')!.total });
  });

  it('closes the connection of a dropped pixel unanswered, and records nothing', async () => {
    sim.ontraport.faults.dropNext(1);
    await expect(send(op, `/p?${saleQuery(order('UC-77', 'drop@example.com'))}`)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(sim.ontraport.purchase('UC-77')).toBeUndefined();
    expect(sim.ontraport.pixels().at(-1)!.outcome).toBe('dropped');
  });
});
