// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/receipt"}
/**
 * Options a merchant can get wrong on the script tag are never misread in silence: a
 * misspelled `data-*` attribute and a `data-mode` outside pixel/api each warn, naming the
 * attribute and what it accepts; a mode that says api in any spelling sends no sale pixel.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { startTag } from '../../src/browser/tag';
import { createPagePixel, createPixel } from '../../src/pixel';
import { clearCookies, fakeNetwork, fakeStorage, type FakeNetwork } from '../fixtures/browser';
import { MINIMAL } from '../fixtures/orders';

let warn: ReturnType<typeof vi.spyOn>;
let net: FakeNetwork;
const warnings = (): string[] => warn.mock.calls.map((c: unknown[]) => String(c[0]));

beforeEach(() => {
  clearCookies();
  fakeStorage();
  net = fakeNetwork();
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'info').mockImplementation(() => {});
  delete (window as { partnerPixel?: unknown }).partnerPixel;
});

/** Starts a tag as if `attributes` stood on its own script element. */
function startWith(attributes: Record<string, string>) {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  vi.spyOn(document, 'currentScript', 'get').mockReturnValue(script);
  startTag(createPagePixel);
}

describe('a tag attribute that is not an option', () => {
  it('warns, naming the attribute and every accepted one', () => {
    startWith({ 'data-checkout-host': 'secure.ultracart.com' });
    const [line] = warnings().filter((w) => w.includes('data-checkout-host '));
    expect(line).toMatch(/^\[partner-pixel\] data-checkout-host unknown; accepted: /);
    for (const accepted of ['data-subdomain', 'data-mode', 'data-checkout-hosts', 'data-custom-fields', 'data-respect-gpc'])
      expect(line).toContain(accepted);
  });

  it('says nothing about the attributes it knows', () => {
    startWith({ 'data-subdomain': 'acme.ontraport.com', 'data-checkout-hosts': 'secure.ultracart.com', 'data-cookie-days': '7' });
    expect(warnings()).toEqual([]);
  });
});

describe('data-mode', () => {
  it.each(['apii', 'pixle', 'sale'])('%j warns, naming data-mode, the value and pixel, api', (mode) => {
    createPixel({ subdomain: 'acme.ontraport.com', mode: mode as 'api' });
    expect(warnings()).toEqual([expect.stringMatching(new RegExp(`data-mode "${mode}" read as .*accepted: pixel, api`))]);
  });

  it.each(['pixel', 'api', 'API', ' Pixel '])('%j is understood without a warning', (mode) => {
    createPixel({ subdomain: 'acme.ontraport.com', mode: mode as 'api' });
    expect(warnings()).toEqual([]);
  });

  it.each(['api', 'API', ' Api ', 'apii', 'api-method'])('%j, saying api, never sends a sale pixel', async (mode) => {
    const result = await createPixel({ subdomain: 'acme.ontraport.com', mode: mode as 'api' }).purchase(MINIMAL);
    expect(result.status).toBe('skipped');
    expect(net.requests).toEqual([]);
  });

  it('a mode outside pixel and api that does not say api still sends, after the warning', async () => {
    const result = await createPixel({ subdomain: 'acme.ontraport.com', mode: 'pixle' as 'api' }).purchase(MINIMAL);
    expect(result.status).toBe('sent');
    expect(warnings()[0]).toMatch(/data-mode "pixle" read as pixel/);
  });
});
