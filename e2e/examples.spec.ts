/**
 * The script-tag snippets in examples/script-tag, exactly as a merchant copies them: the
 * landing page on the merchant's site, the receipt as UltraCart conversion HTML, and the
 * command queue. Only the CDN address is pointed at the local copy of the script.
 */
import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { checkout, expect, receiptScriptSrc, test } from '@partner-pixel/harness/playwright';

const CDN = 'https://cdn.example/partner-pixel.min.js';
const RECEIPT_CDN = 'https://cdn.example/partner-pixel-receipt.min.js';
const example = (name: string) => readFileSync(new URL(`../examples/script-tag/${name}`, import.meta.url), 'utf8');

test.describe('examples/script-tag', () => {
  test.use({ conversionHtml: example('receipt.html').replace(RECEIPT_CDN, '[ScriptSrc]') });

  test('landing.html carries the partner to the checkout, receipt.html reports the sale', async ({
    page,
    server,
    store,
    merchant,
    account,
    partner,
  }) => {
    const errors: Error[] = [];
    page.on('pageerror', (e) => errors.push(e));
    server.use(
      http.get(`${merchant.origin}/spring`, () => HttpResponse.html(example('landing.html').replace(CDN, store.scriptSrc))),
    );
    await page.goto(`${merchant.origin}/spring?orid=${partner.id}&sid=spring`);
    await page.getByRole('link', { name: 'Buy now' }).click();
    // The decorated link went through UltraCart's buy link to the checkout on another site.
    await expect(page).toHaveURL(new RegExp(`^${store.origin}/checkout\\?.*orid=${partner.id}`));
    // data-custom-fields wrote UltraCart's custom fields too, so the order carries the referral.
    await expect(page).toHaveURL(new RegExp(`CustomField1=${partner.id}&.*CustomField2=spring`));
    const { orderId } = await checkout(page, { email: 'reader@example.com' });

    const order = store.order(orderId!)!;
    await expect(account).toHaveRecordedPurchase(orderId!, { partnerId: partner.id, total: order.total });
    await expect(account).toHaveContact('reader@example.com', { firstReferrer: partner, lastReferrer: partner });
    const hit = account.pixels().find((p) => p.orderId == orderId)!;
    // The unreplaced [Phone] token read as absent instead of being sent.
    expect(new URLSearchParams(hit.query).has('phone')).toBe(false);
    expect(new URLSearchParams(hit.query).get('sid')).toBe('spring');
    expect(errors).toEqual([]);
  });

  test('command-queue.html sends the queued purchase with the queued init', async ({ page, server, store, merchant, account }) => {
    server.use(
      http.get(`${merchant.origin}/thanks`, () =>
        HttpResponse.html(`<!doctype html><title>Thanks</title>${example('command-queue.html').replace(RECEIPT_CDN, receiptScriptSrc(store.scriptSrc))}`),
      ),
    );
    await page.goto(`${merchant.origin}/thanks`);
    await expect(account).toHaveRecordedPurchase('UC-1001', { total: '46.10' });
  });
});
