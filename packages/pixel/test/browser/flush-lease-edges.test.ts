// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/receipt"}
/**
 * The lease on a waiting pixel at its edges (delivery-guarantees.test.ts: the lease itself): a
 * pixel due this very millisecond is sent at once, and a retry timer of one tab leaves alone a
 * pixel another tab has leased since, so the sale is not sent twice.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPixel } from '../../src/pixel';
import { fakeNetwork, fakeStorage, type FakeNetwork } from '../fixtures/browser';

const LEDGER_KEY = 'pp_outbox_v2';
const NOW = new Date('2026-03-02T10:00:00Z').getTime();
const URL_T1 = 'https://acme.ontraport.com/p?order_id=T1&email=b%40example.com';
const waiting = (due: number) => JSON.stringify({ sent: [], queue: [{ id: 'T1', url: URL_T1, tries: 1, due }] });

let net: FakeNetwork;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
  net = fakeNetwork();
  fakeStorage();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'info').mockImplementation(() => {});
});

afterEach(() => {
  dispatchEvent(new Event('pagehide'));
  vi.useRealTimers();
});

const pixel = () => createPixel({ subdomain: 'acme.ontraport.com', timeoutMs: 10_000 });

describe('the lease at its edges', () => {
  it('a pixel whose lease ends this very millisecond is sent by flush at once, not later', async () => {
    localStorage.setItem(LEDGER_KEY, waiting(NOW));
    await pixel().flush();
    expect(net.requests).toEqual([URL_T1]);
  });

  it("one tab's timer for a lease leaves the pixel alone once another tab has leased it again: one request", async () => {
    localStorage.setItem(LEDGER_KEY, waiting(NOW + 5000));
    // Tab A waits for the lease to end (its timer fires 9 ms after).
    await pixel().flush();
    await vi.advanceTimersByTimeAsync(5000);
    // Tab B, at the lease's end, takes it and sends; the answer is slow.
    net.script('hang');
    void pixel().flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(net.requests).toEqual([URL_T1]);
    // Tab A's timer fires under B's new lease.
    await vi.advanceTimersByTimeAsync(100);
    expect(net.requests).toEqual([URL_T1]);
  });
});
