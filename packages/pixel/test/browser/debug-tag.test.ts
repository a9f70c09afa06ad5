// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/receipt"}
/**
 * The debug build's entry (docs/tags.md): loaded as a script, it does the work of the tag that
 * loaded it, with the receipt's pixel, and prints the install report.
 */
import { beforeEach, expect, it, vi } from 'vitest';
import { clearCookies, fakeNetwork, fakeStorage } from '../fixtures/browser';

beforeEach(() => {
  vi.useFakeTimers();
  clearCookies();
  fakeNetwork();
  fakeStorage();
  vi.spyOn(console, 'info').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

it('starts the receipt pixel and prints the install report', async () => {
  const group = vi.spyOn(console, 'group').mockImplementation(() => {});
  vi.spyOn(console, 'groupEnd').mockImplementation(() => {});
  vi.spyOn(console, 'table').mockImplementation(() => {});
  const script = document.createElement('script');
  script.setAttribute('data-subdomain', 'acme.ontraport.com');
  script.setAttribute('data-tag', 'receipt');
  Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
  await import('../../src/debug-tag');
  const api = (window as unknown as { partnerPixel?: ((c: string, a?: unknown) => void) & { l?: 1 } }).partnerPixel;
  expect(api?.l).toBe(1);
  api!('purchase', { orderId: 'UC-1', email: 'b@example.com', items: [{ id: 'SKU-1', price: '10.00' }] });
  await vi.advanceTimersByTimeAsync(0);
  expect(group).toHaveBeenCalledWith('[partner-pixel] install report: receipt tag 0.0.0-dev on shop.example.com');
  expect(console.info).toHaveBeenCalledWith('purchase: sent');
});
