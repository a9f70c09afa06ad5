/**
 * What a merchant puts in their own CI: their receipt snippet, replayed in Chromium against
 * the simulated ONTRAPORT and UltraCart from `@partner-pixel/harness/playwright`.
 */
import { http, HttpResponse } from 'msw';
import { checkout, expect, followPartnerLink, test } from '@partner-pixel/harness/playwright';

test.describe('my UltraCart receipt', () => {
  // Conversion HTML in the shape you paste into UltraCart; the simulated store fills the
  // [Tokens]. [ItemsJson] and [ScriptSrc] exist only in the harness: UltraCart has no token
  // that loops over items, so there print one item line with your theme's tokens (as
  // examples/script-tag/receipt.html does), and write where you host partner-pixel.min.js.
  test.use({
    conversionHtml: `<h1>Thanks, [FirstName]!</h1><p>Your order [OrderId] is confirmed.</p>
<script type="application/json" id="partner-pixel-order">
{"orderId":"[OrderId]","email":"[Email]","items":[ItemsJson],
 "tax":"[Tax]","shipping":"[Shipping]","handling":"[Handling]","discount":"[Discount]","total":"[Total]"}
</script>
<script async src="[ScriptSrc]" data-subdomain="acme.ontraport.com" data-attribution="last"></script>`,
  });

  test('credits the partner whose link the buyer followed', async ({ page, account, partner }) => {
    await followPartnerLink(page, partner, { sid: 'newsletter' });
    const { orderId } = await checkout(page, { email: 'customer@example.com', coupon: 'SAVE5', quantity: 2 });

    await expect(page.getByRole('heading', { name: 'Thanks, Ada!' })).toBeVisible();
    await expect(account).toHaveRecordedPurchase(orderId!, { partnerId: partner.id });
    await expect(account).toHaveContact('customer@example.com', { firstReferrer: partner, lastReferrer: partner });
    await expect(account).toHaveCredited(partner, { sales: 1 });
  });
});

test.describe('my own thank-you page', () => {
  // UltraCart sends buyers on to a page of ours; the simulated store redirects there too.
  test.use({ receiptUrl: 'https://www.merchant.example/thank-you?order=[OrderJson]' });

  test('reports the sale with the command queue', async ({ page, server, store, merchant, account, partner }) => {
    // Stands in for our site's page (in your CI: your own server on localhost).
    server.use(
      http.get(`${merchant.origin}/thank-you`, () =>
        HttpResponse.html(`<!doctype html><title>Thank you</title><h1>Thank you!</h1>
<script>
window.partnerPixel=window.partnerPixel||function(){(partnerPixel.q=partnerPixel.q||[]).push(arguments)};
partnerPixel('purchase', JSON.parse(new URLSearchParams(location.search).get('order')));
</script>
<script async src="${store.scriptSrc}" data-subdomain="acme.ontraport.com"></script>`),
      ),
    );
    // The partner's link lands on our site; the script carries the referral to the checkout.
    const home = account.addPromoTool({ name: 'Home page', landingUrl: merchant.landingUrl });
    await followPartnerLink(page, partner, { promoToolId: home.id });
    await page.getByRole('link', { name: 'Buy Pro Course' }).click();
    const { orderId } = await checkout(page, { email: 'customer@example.com' });

    await expect(page).toHaveURL(/merchant\.example\/thank-you/);
    await expect(account).toHaveRecordedPurchase(orderId!, { partnerId: partner.id, total: store.order(orderId!)!.total });
  });
});
