// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/receipt"}
/**
 * How the ledger uses localStorage (docs/delivery.md): storage that starts failing mid-page
 * hands the ledger to the page's own copy, which still knows what was sent, and is not called
 * again (each call costs the page time); the first format's key is removed by the first write
 * and never again; the page tag's "anything waiting?" is false, not an exception, when storage
 * throws.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPixel } from '../../src/pixel';
import { waitingInStorage } from '../../src/browser/outbox';
import { clearCookies, fakeNetwork, fakeStorage, type FakeNetwork, type FakeStorage } from '../fixtures/browser';
import { MINIMAL, withFields } from '../fixtures/orders';

let net: FakeNetwork;
let storage: FakeStorage;

beforeEach(() => {
  vi.useFakeTimers();
  clearCookies();
  net = fakeNetwork();
  storage = fakeStorage();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'info').mockImplementation(() => {});
});

const pixel = () => createPixel({ subdomain: 'acme.ontraport.com' });
const order = (orderId: string) => withFields(MINIMAL, { orderId });

describe('storage that starts failing mid-page', () => {
  it('the page still knows what it sent: the same order is not sent again', async () => {
    const p = pixel();
    expect((await p.purchase(MINIMAL)).status).toBe('sent');
    storage.fault = 'denied';
    expect((await p.purchase(MINIMAL)).status).toBe('duplicate');
    expect(net.requests).toHaveLength(1);
  });

  it('once it failed, storage is not called again by this page', async () => {
    const p = pixel();
    storage.fault = 'full';
    expect((await p.purchase(order('A-1'))).status).toBe('sent');
    const attempted = storage.writes.length;
    expect((await p.purchase(order('A-2'))).status).toBe('sent');
    expect((await p.purchase(order('A-1'))).status).toBe('duplicate');
    expect(storage.writes).toHaveLength(attempted);
  });
});

describe('the first format', () => {
  it('its key is removed by the first write, and not touched by the later ones', async () => {
    storage.setItem('pp_px', JSON.stringify({ d: ['OLD-1'], q: [] }));
    const p = pixel();
    await p.purchase(order('A-1'));
    await p.purchase(order('A-2'));
    expect(storage.getItem('pp_px')).toBeNull();
    expect(storage.writes.filter((w) => w == 'remove pp_px')).toEqual(['remove pp_px']);
    expect((await p.purchase(order('OLD-1'))).status).toBe('duplicate');
  });

  it('a new ledger beside an old key: the old key is left for what it is, never read', async () => {
    storage.setItem('pp_outbox_v2', JSON.stringify({ sent: [], queue: [] }));
    storage.setItem('pp_px', JSON.stringify({ d: ['OLD-1'], q: [] }));
    const p = pixel();
    expect((await p.purchase(order('OLD-1'))).status).toBe('sent');
    expect(storage.writes).not.toContain('remove pp_px');
  });
});

describe('waitingInStorage', () => {
  it('is false, not an exception, when storage throws', () => {
    storage.setItem('pp_outbox_v2', JSON.stringify({ sent: [], queue: [{ id: 'A', url: 'u', tries: 1, due: 0 }] }));
    storage.fault = 'denied';
    expect(waitingInStorage()).toBe(false);
  });
});
