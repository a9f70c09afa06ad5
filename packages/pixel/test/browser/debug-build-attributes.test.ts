// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/receipt"}
/**
 * In the debug build (TAG debug) a misspelled attribute is named once, by the install report
 * with the name it resembles (core/config.ts): the tag itself adds no second warning.
 */
import { beforeEach, expect, it, vi } from 'vitest';

vi.mock('../../src/build.js', () => ({ TAG: 'debug', DIAGNOSTICS: true, VERSION: '0.0.0-test' }));

const { startTag } = await import('../../src/browser/tag');
const { createPagePixel, createPixel } = await import('../../src/pixel');
const { asCurrentScript, freshTagPage } = await import('../fixtures/browser');

let page: ReturnType<typeof freshTagPage>;

beforeEach(() => {
  page = freshTagPage();
});

it('the debug build leaves a misspelled attribute to its install report: the tag warns of nothing', () => {
  asCurrentScript({ 'data-subdomain': 'acme.ontraport.com', 'data-subdomian': 'acme.ontraport.com' });
  startTag(createPagePixel);
  expect((window as { partnerPixel?: { l?: 1 } }).partnerPixel?.l).toBe(1);
  expect(page.warnings()).toEqual([]);
});

it('the debug build leaves an unknown data-keys name to its install report: the pixel warns of nothing', () => {
  createPixel({ subdomain: 'acme.ontraport.com', keys: { firstname: 'First_Name' } as object });
  expect(page.warnings()).toEqual([]);
});

it('the debug build leaves keys that is not an object to its install report: the pixel warns of nothing', () => {
  createPixel({ subdomain: 'acme.ontraport.com', keys: 'email' as unknown as object });
  expect(page.warnings()).toEqual([]);
});
