// @vitest-environment happy-dom
// @vitest-environment-options {"url":"http://shop.example.com/landing"}
/** On a plain-http page the referral cookie cannot be Secure, and the pixel still goes out over https. */
import { expect, it, vi } from 'vitest';
import { createPixel } from '../../src/pixel';
import { fakeNetwork, fakeStorage } from '../fixtures/browser';
import { MINIMAL } from '../fixtures/orders';

it('writes the cookie without Secure on http and still sends the pixel over https', async () => {
  const net = fakeNetwork();
  fakeStorage();
  const written = vi.spyOn(document, 'cookie', 'set');
  const pixel = createPixel({ subdomain: 'acme.ontraport.com' });
  pixel.capture('http://shop.example.com/landing?orid=42');
  expect(written).toHaveBeenCalledTimes(1);
  const attributes = String(written.mock.calls[0][0]).split(';').map((a) => a.trim().toLowerCase());
  expect(attributes).toContain('samesite=lax');
  expect(attributes).not.toContain('secure');
  expect(pixel.referral()?.last.orid).toBe('42');

  expect((await pixel.purchase(MINIMAL)).status).toBe('sent');
  expect(net.requests[0]).toMatch(/^https:\/\/acme\.ontraport\.com\/p\?.*orid=42/);
});
