/**
 * A failing fixture matcher tells a merchant why: its message carries the page's own
 * `[partner-pixel]` warnings, such as the refused order's field and value.
 */
import { checkout, expect, followPartnerLink, test } from '@partner-pixel/harness/playwright';

// A receipt whose total disagrees with its lines: the tag refuses the order and says why.
test.use({
  conversionHtml: `<h1>Thanks</h1><script type="application/json" id="partner-pixel-order">{"orderId":"[OrderId]","email":"[Email]",
"items":[{"id":"SKU-1","price":"19.95","quantity":1}],"total":"1.00"}</script>
<script async src="[ScriptSrc]" data-subdomain="acme.ontraport.com"></script>`,
});

test('toHaveRecordedPurchase, failing, quotes the page\'s [partner-pixel] warning', async ({ page, account, partner }) => {
  await followPartnerLink(page, partner);
  const { orderId } = await checkout(page, { email: 'refused@example.com' });
  const failure = await expect
    .configure({ timeout: 2_000 })(account)
    .toHaveRecordedPurchase(orderId!)
    .then(
      () => undefined,
      (error: Error) => error.message,
    );
  expect(failure).toContain(`no purchase ${orderId}`);
  expect(failure).toContain('What the pages printed as [partner-pixel]');
  expect(failure).toMatch(/warning: \[partner-pixel\] order refused: total "1\.00"/);
});
