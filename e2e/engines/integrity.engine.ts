/**
 * The tags under Subresource Integrity in every engine, as docs/tags.md tells a merchant to
 * load them (`integrity` and `crossorigin="anonymous"`): each tag runs under the hash the build
 * prints (the page tag captures the referral, the receipt tag delivers the sale with it), and
 * the page tag under another file's hash never runs.
 */
import { readFileSync } from 'node:fs';
import { pixelScriptPath, SCRIPT_FILES } from '@partner-pixel/harness';
import { HOSTS } from '@partner-pixel/harness/playwright';
import { integrity } from '../../scripts/integrity.mjs';
import { html, order, orderBlock, PAGE_SCRIPT_SRC, SCRIPT_SRC } from '../support/site.js';
import { expect, test } from './fixtures.js';
import { arrivalsOf, STORE } from './site.js';
import { partnerLink, TAG_READY, until } from './steps.js';

/** The integrity value of a built tag file, as the build prints it. */
const integrityOf = (file: string) => integrity(readFileSync(pixelScriptPath(file)));

const tag = (src: string, hash: string) =>
  `<script src="${src}" integrity="${hash}" crossorigin="anonymous" data-subdomain="${HOSTS.ontraport}"></script>`;

const REFERRAL_HELD = `document.cookie.split('; ').some((c) => c.startsWith('pp_ref='))`;

test("each tag runs under the integrity hash the build prints, and not under another file's", async ({ engine, world, cell }) => {
  const [pageHash, receiptHash] = [integrityOf(SCRIPT_FILES.page), integrityOf(SCRIPT_FILES.receipt)];
  const wrong = world.page(STORE, '/engines/sri-wrong', () => html(tag(PAGE_SCRIPT_SRC, receiptHash)));
  const landing = world.page(STORE, '/engines/sri-landing', () => html(tag(PAGE_SCRIPT_SRC, pageHash)));
  const receipt = world.page(STORE, '/engines/sri-receipt', () => html(orderBlock(order('SRI-1')) + tag(SCRIPT_SRC, receiptHash)));
  const { partner } = partnerLink(world, landing);
  const profile = await engine.newProfile();
  try {
    const tab = await profile.newTab();
    await tab.goto(`${wrong}?orid=${partner.id}`);
    // goto waits for the load event, which a script in the page (not async) runs before.
    const ranUnderWrongHash = await tab.evaluate<boolean>(`'partnerPixel' in window || ${REFERRAL_HELD}`);

    await tab.goto(`${landing}?orid=${partner.id}`);
    await tab.waitFor(`${TAG_READY} && ${REFERRAL_HELD}`, { message: 'the page tag to capture under its hash' });

    await tab.goto(receipt);
    await until(() => world.account.purchase('SRI-1'), 10_000, 'the sale in ONTRAPORT');
    const credited = world.account.purchase('SRI-1')?.partnerId;
    cell(`wrong hash: ${ranUnderWrongHash ? 'ran' : 'refused'}; page tag captured; receipt: ${arrivalsOf(world, 'SRI-1').length} pixel(s), partner ${credited}`);
    expect(ranUnderWrongHash, 'a tag under another file\'s hash never runs').toBe(false);
    expect(arrivalsOf(world, 'SRI-1')).toHaveLength(1);
    expect(credited).toBe(partner.id);
  } finally {
    await profile.close();
  }
});
