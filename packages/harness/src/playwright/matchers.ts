/**
 * `expect` with matchers on the simulated account. They poll, so they also wait for the
 * pixel; a failure names what the account holds and what the test's pages printed as
 * `[partner-pixel]` in their console (an order the tag refused says why there).
 */
import { expect as baseExpect } from '@playwright/test';
import { toCents } from 'partner-pixel/wire';
import type { Ontraport } from '../ontraport/ontraport.js';
import type { Contact, Purchase } from '../ontraport/types.js';
import { pixelConsole } from './hosts.js';

/** A partner id, or anything with one (a partner), or null for "no referrer". */
export type PartnerRef = number | { id: number } | null;

const idOf = (p: PartnerRef): number | null => (p == null ? null : typeof p == 'number' ? p : p.id);
const cents = (v: number | string): number | undefined => (typeof v == 'number' ? v : toCents(v));

interface Check {
  pass: boolean;
  message: string;
}

/**
 * Polls `check` until it gives the wanted answer (pass, or fail under `.not`) or the matcher's
 * timeout ends; the pixel arrives asynchronously, so the account is asked again and again.
 */
async function pollAccount(
  state: { isNot: boolean; timeout: number },
  name: string,
  check: () => Check,
): Promise<{ pass: boolean; message: () => string; name: string }> {
  let last = check();
  try {
    await baseExpect
      .poll(
        () => {
          last = check();
          return last.pass;
        },
        { timeout: state.timeout },
      )
      .toBe(!state.isNot);
  } catch {
    // The last check says why; the matcher reports it below.
  }
  return { pass: last.pass, name, message: () => `${name}: ${last.message}${consoleReport()}` };
}

/** The test pages' `[partner-pixel]` console lines, last ones first in mind: what the tag itself said. */
function consoleReport(): string {
  const lines = pixelConsole().slice(-15);
  if (!lines.length) return '\nThe pages printed no [partner-pixel] lines (is the tag on them? data-debug shows every step).';
  return `\nWhat the pages printed as [partner-pixel] (warnings say why a pixel was not sent):\n  ${lines.join('\n  ')}`;
}

function describeContact(c: Contact | undefined): string {
  return c ? `contact ${c.email} (first referrer ${c.firstReferrer}, last referrer ${c.lastReferrer})` : 'no such contact';
}

/** `expect` with matchers on the account (they poll, so they also wait for the pixel). */
export const expect = baseExpect.extend({
  /**
   * The account has a contact with this email, and, when given, these first and last
   * referrers (partner ids or partners; null for none).
   */
  async toHaveContact(account: Ontraport, email: string, expected: { firstReferrer?: PartnerRef; lastReferrer?: PartnerRef } = {}) {
    return pollAccount(this, 'toHaveContact', () => {
      const c = account.contact(email);
      const problems: string[] = [];
      if (!c) problems.push(`no contact ${email} (contacts: ${account.contacts().map((x) => x.email).join(', ') || 'none'})`);
      else {
        if ('firstReferrer' in expected && c.firstReferrer != idOf(expected.firstReferrer ?? null))
          problems.push(`first referrer is ${c.firstReferrer}, expected ${idOf(expected.firstReferrer ?? null)}`);
        if ('lastReferrer' in expected && c.lastReferrer != idOf(expected.lastReferrer ?? null))
          problems.push(`last referrer is ${c.lastReferrer}, expected ${idOf(expected.lastReferrer ?? null)}`);
      }
      return { pass: !problems.length, message: problems.join('; ') || `found ${describeContact(c)}` };
    });
  },

  /**
   * The account recorded a purchase with this order id, and, when given, credited to this
   * partner (null: to nobody) with this total (cents, or a decimal string like "45.10").
   */
  async toHaveRecordedPurchase(account: Ontraport, orderId: string, expected: { partnerId?: PartnerRef; total?: number | string } = {}) {
    return pollAccount(this, 'toHaveRecordedPurchase', () => {
      const p: Purchase | undefined = account.purchase(orderId);
      const problems: string[] = [];
      if (!p) problems.push(`no purchase ${orderId} (purchases: ${account.purchases().map((x) => x.orderId).join(', ') || 'none'}; pixels: ${account.pixels().map((x) => `${x.orderId}:${x.outcome}`).join(', ') || 'none'})`);
      else {
        if ('partnerId' in expected && p.partnerId != idOf(expected.partnerId ?? null))
          problems.push(`credited to ${p.partnerId}, expected ${idOf(expected.partnerId ?? null)}`);
        if (expected.total != null && p.total != cents(expected.total))
          problems.push(`total is ${p.total} cents, expected ${cents(expected.total)}`);
      }
      return {
        pass: !problems.length,
        message: problems.join('; ') || `found purchase ${orderId}: ${p!.total} cents credited to ${p!.partnerId}`,
      };
    });
  },

  /**
   * The partner's credit in the account: `sales` purchases worth `amount` (cents, or a
   * decimal string).
   */
  async toHaveCredited(account: Ontraport, partner: number | { id: number }, expected: { sales: number; amount?: number | string }) {
    const id = idOf(partner)!;
    return pollAccount(this, 'toHaveCredited', () => {
      const p = account.partner(id);
      const problems: string[] = [];
      if (!p) problems.push(`no partner ${id}`);
      else {
        if (p.sales != expected.sales) problems.push(`partner ${id} has ${p.sales} sales, expected ${expected.sales}`);
        if (expected.amount != null && p.amount != cents(expected.amount))
          problems.push(`partner ${id} has ${p.amount} cents, expected ${cents(expected.amount)}`);
      }
      return { pass: !problems.length, message: problems.join('; ') || `partner ${id} has ${p!.sales} sales worth ${p!.amount} cents` };
    });
  },
});
