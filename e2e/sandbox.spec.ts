/**
 * The sandbox's status line, as `npm start` shows it, in Chromium: on the landing page the
 * partner the tag captured and whom it will send, on the receipt whether the pixel reached
 * the simulated ONTRAPORT or was already sent, and a link back to the dashboard. Each line is
 * checked against what the account really received.
 */
import { checkout, expect, test, withLink, type Ontraport } from '@partner-pixel/harness/playwright';
import type { Page } from '@playwright/test';

test.use({ statusLine: true });

const status = (page: Page) => page.locator('#pp-status');

/** Two partners with a link to the merchant's landing page. */
function twoPartners(account: Ontraport, landingUrl: string) {
  const tool = account.addPromoTool({ name: 'Landing page', landingUrl });
  const paula = withLink(account, account.addPartner({ firstName: 'Paula', lastName: 'Partner', email: 'paula@partners.example' }), tool);
  const sam = withLink(account, account.addPartner({ firstName: 'Sam', lastName: 'Referrer', email: 'sam@partners.example' }), tool);
  return { paula, sam };
}

test('the landing page says which partner the tag captured; the receipt says the pixel was sent, then, reloaded, that nothing new was', async ({ page, account, merchant }) => {
  const { paula } = twoPartners(account, merchant.landingUrl);
  await page.goto(merchant.landingUrl);
  await expect(status(page)).toContainText('No partner captured in this browser');

  await page.goto(paula.link());
  await expect(status(page)).toContainText(`Partner captured: Paula Partner #${paula.id}.`);
  await expect(status(page)).toContainText('ONTRAPORT credits the last referrer too');
  await page.locator('a.buy').first().click();
  await expect(status(page)).toContainText(`Paula Partner #${paula.id}`);

  const { orderId } = await checkout(page, { email: 'status@example.com' });
  await expect(account).toHaveRecordedPurchase(orderId!, { partnerId: paula.id });
  await expect(status(page)).toContainText(`Pixel sent: ONTRAPORT recorded order ${orderId} and credited Paula Partner #${paula.id}`);

  await page.reload();
  await expect(status(page)).toContainText(`Already sent, nothing new: the tag's ledger lists order ${orderId} as sent`);
  // Still one pixel: the line reports what the account received, not what was expected.
  expect(account.pixels().filter((p) => p.orderId == orderId)).toHaveLength(1);

  const dashboard = status(page).getByRole('link', { name: 'Open the ONTRAPORT dashboard' });
  await expect(dashboard).toHaveAttribute('href', `${account.origin}/`);
  await dashboard.click();
  await expect(page.locator('#purchases')).toContainText(orderId!);
});

test('a page opened from a promo link waits for the tag instead of saying that no partner is held', async ({ page, account, merchant }) => {
  const { sam } = twoPartners(account, merchant.landingUrl);
  // Every text the line shows on the landing page, in order, as the page changes it.
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { lines: string[] }).lines = []);
    new MutationObserver(() => {
      const text = document.querySelector('#pp-status span')?.textContent;
      if (text && text != seen[seen.length - 1]) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(sam.link());
  await expect(status(page)).toContainText(`Partner captured: Sam Referrer #${sam.id}.`);
  const lines = await page.evaluate(() => (window as unknown as { lines: string[] }).lines);
  expect(lines[0]).toMatch(/^Waiting for the tag…/);
  expect(lines.filter((l) => /No partner captured/.test(l))).toEqual([]);
});

test('after "First referrer" on the dashboard and two partners\' links, the line and the credit name the first partner', async ({ page, account, merchant }) => {
  const { paula, sam } = twoPartners(account, merchant.landingUrl);
  await page.goto(`${account.origin}/`);
  await page.getByRole('button', { name: 'First referrer' }).click();
  await expect(page.locator('#attribution')).toHaveText('First referrer');

  await page.goto(paula.link());
  await page.goto(sam.link());
  await expect(status(page)).toContainText(`Partners captured: first Paula Partner #${paula.id}, last Sam Referrer #${sam.id}.`);
  await expect(status(page)).toContainText(`The tag will send the first referrer, Paula Partner #${paula.id}`);
  await page.locator('a.buy').first().click();
  const { orderId } = await checkout(page, { email: 'first@example.com' });
  await expect(account).toHaveRecordedPurchase(orderId!, { partnerId: paula.id });
  await expect(status(page)).toContainText(`credited Paula Partner #${paula.id}`);
});

test('a dropped pixel shows as not delivered, then as sent once the tag\'s retry lands', async ({ page, account, merchant }) => {
  const { paula } = twoPartners(account, merchant.landingUrl);
  await page.goto(paula.link());
  // The fetch and its image fallback both dropped: the line has the backoff to show it.
  account.faults.dropNext(2);
  await page.locator('a.buy').first().click();
  const { orderId } = await checkout(page, { email: 'retry@example.com' });
  await expect(status(page)).toContainText('Pixel not delivered');
  await expect(status(page)).toContainText(`Pixel sent: ONTRAPORT recorded order ${orderId}`, { timeout: 20_000 });
  expect(account.pixels().map((p) => p.outcome)).toEqual(['dropped', 'dropped', 'recorded']);
});

test('an error status is explained as a loss the tag cannot see, not promised as a retry', async ({ page, account, merchant }) => {
  const { paula } = twoPartners(account, merchant.landingUrl);
  await page.goto(paula.link());
  account.faults.failNext(1, 503);
  await page.locator('a.buy').first().click();
  await checkout(page, { email: 'lost@example.com' });
  await expect(status(page)).toContainText('Pixel not delivered (injected status 503)');
  await expect(status(page)).toContainText('counts this pixel as delivered and will not send it again');
  expect(account.pixels().map((p) => p.outcome)).toEqual(['failed']);
});
