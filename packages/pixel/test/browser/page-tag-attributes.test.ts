// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/landing"}
/**
 * The page tag's reading of its attributes (its build: TAG page, no diagnostics): it sends no
 * pixel, so it never parses data-keys and a broken one costs it nothing; a misspelled
 * attribute still warns, listing every accepted attribute.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/build.js', () => ({ TAG: 'page', DIAGNOSTICS: false, VERSION: '0.0.0-test' }));

const { startTag } = await import('../../src/browser/tag');
const { createPagePixel } = await import('../../src/pixel');
const { fromAttribute } = await import('../../src/options');
const { asCurrentScript, freshTagPage } = await import('../fixtures/browser');

let page: ReturnType<typeof freshTagPage>;
const warnings = () => page.warnings();

beforeEach(() => {
  page = freshTagPage();
});

function startWith(attributes: Record<string, string>) {
  asCurrentScript(attributes);
  startTag(createPagePixel);
}

describe('the page tag', () => {
  it('keeps data-keys as text, never parsing it', () => {
    expect(fromAttribute('keys', '{"firstName":')).toBe('{"firstName":');
  });

  it('starts without a warning when data-keys is not JSON', () => {
    startWith({ 'data-subdomain': 'acme.ontraport.com', 'data-keys': '{"firstName":' });
    expect(warnings()).toEqual([]);
    expect((window as { partnerPixel?: { l?: 1 } }).partnerPixel?.l).toBe(1);
  });

  it('warns of a misspelled attribute with the full list of accepted ones, comma-separated', () => {
    startWith({ 'data-subdomian': 'acme.ontraport.com' });
    expect(warnings()).toEqual([
      '[partner-pixel] data-subdomian "acme.ontraport.com" unknown; accepted: data-subdomain, data-mode, data-attribution, data-cookie-name, ' +
        'data-cookie-domain, data-cookie-days, data-checkout-hosts, data-custom-fields, data-allowed-hosts, data-keys, ' +
        'data-debug, data-require-consent, data-respect-gpc, data-timeout-ms, data-max-attempts',
    ]);
  });
});
