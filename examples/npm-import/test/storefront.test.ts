// @vitest-environment happy-dom
/**
 * The npm example, run as a merchant's storefront would: through the published package entry
 * (`partner-pixel` resolves to the built dist), with the network replaced by a recording
 * `fetch` (the pixel's transport) and Image (its fallback): nothing leaves the process.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const sent: string[] = [];

class RecordingImage {
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  set src(url: string) {
    sent.push(url);
    setTimeout(() => this.onload?.(), 0);
  }
}

const order = {
  orderId: 'UC-2001',
  email: 'buyer@example.com',
  items: [{ id: 'SKU-1', price: '19.95', quantity: 2 }],
  tax: '1.20',
  shipping: '5.00',
  total: '46.10',
};

describe('examples/npm-import storefront', () => {
  beforeEach(() => {
    sent.length = 0;
    vi.stubGlobal('Image', RecordingImage);
    vi.stubGlobal('fetch', (url: string) => {
      sent.push(url);
      return Promise.resolve(new Response(null));
    });
    localStorage.clear();
  });

  it('captures the partner on a landing page and credits them once on the receipt', async () => {
    const { onPageView, onReceipt } = await import('../src/storefront.js');
    onPageView('https://shop.example/?orid=480125&sid=spring');
    const first = await onReceipt(order);
    expect(first.status).toBe('sent');
    const again = await onReceipt(order);
    expect(again.status).toBe('duplicate');
    expect(sent).toHaveLength(1);
    const url = new URL(sent[0]);
    expect(url.origin + url.pathname).toBe('https://acme.ontraport.com/p');
    expect(url.searchParams.get('order_id')).toBe('UC-2001');
    expect(url.searchParams.get('orid')).toBe('480125');
    expect(url.searchParams.get('sid')).toBe('spring');
  });

  it('refuses an order whose total does not reconcile, and sends nothing', async () => {
    const { onReceipt } = await import('../src/storefront.js');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const result = await onReceipt({ ...order, orderId: 'UC-2002', total: '46.11' });
    expect(result.status).toBe('invalid');
    expect(result.reason).toMatch(/total/);
    expect(sent).toHaveLength(0);
  });
});
