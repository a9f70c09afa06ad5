/**
 * Steps of the buyer's way, written once against the engine-neutral {@link Tab}, and waits on
 * the server's side of things (what the simulated ONTRAPORT and UltraCart hold).
 */
import { TEST_BUYER, TEST_CARDS } from '@partner-pixel/harness/playwright';
import { poll, type ConsoleEntry, type Tab } from './driver.js';
import type { World } from './site.js';

/** Until the page has loaded and our tag has run on it. */
export const TAG_READY = `document.readyState == 'complete' && !!window.partnerPixel`;

/** Waits until `check` (on the Node side) is truthy. */
export const until = (check: () => unknown, timeout: number, message: string) => poll(async () => check(), timeout, message);

/** Lets requests still in flight land; only then is a count final. */
export const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fills the store's checkout form on the tab and places the order; resolves on the receipt. */
export async function placeOrder(tab: Tab, world: World, email: string): Promise<string> {
  const before = world.store.orders().length;
  const fields: Record<string, string> = { email, firstName: TEST_BUYER.firstName, lastName: TEST_BUYER.lastName, card: TEST_CARDS.approve };
  for (const [name, value] of Object.entries(fields)) await tab.fill(`form[name=checkout] [name="${name}"]`, value);
  await tab.click('form[name=checkout] button[type=submit]');
  await tab.waitFor(`location.pathname == '/receipt' && document.readyState == 'complete'`, { timeout: 20_000, message: 'the receipt' });
  await until(() => world.store.orders().length > before, 5_000, 'the store to have the order');
  return world.store.orders().at(-1)!.orderId;
}

/** A partner of the world's account, with a promo tool landing on `landingUrl`. */
export function partnerLink(world: World, landingUrl: string) {
  const partner = world.account.addPartner({ firstName: 'Pat', lastName: 'Partner', email: 'pat.partner@example.com' });
  const tool = world.account.addPromoTool({ name: 'Engines link', landingUrl });
  return { partner, link: world.account.promoLink(partner.id, tool.id) };
}

/** Who the account credited with an order, for the table: "Pat (480125)" or "nobody". */
export function creditedWith(world: World, orderId: string): string {
  const id = world.account.purchase(orderId)?.partnerId;
  const p = id == null ? undefined : world.account.partner(id);
  return p ? `${p.firstName} (${p.id})` : 'nobody';
}

/** Uncaught errors from the tab's own console and from the pages' reports to the server. */
export async function pageErrors(world: World, tabs: Tab[]): Promise<string[]> {
  const seen: ConsoleEntry[] = [];
  for (const tab of tabs) seen.push(...(await tab.console().catch(() => [])));
  const fromServer = world.pageErrors.map((e) => `${e.text} (${e.url})`);
  return [...new Set([...seen.filter((e) => e.type == 'pageerror').map((e) => e.text), ...fromServer])];
}
