/**
 * The account's partner program, pure state: partners with their credit, and promo tools.
 * It resolves a referral to a known partner and moves credit; contacts and purchases live
 * in `contacts.ts`.
 */
import type { Partner, PromoTool, ReferralSource, ResolvedReferral } from './types.js';

// Partners and contacts share ONTRAPORT's contact id space in the real product; here they
// get distinct ranges so a test can tell them apart at a glance.
const FIRST_PARTNER_ID = 480125;

export type NewPartner = Pick<Partner, 'firstName' | 'lastName' | 'email'>;
export type NewPromoTool = Pick<PromoTool, 'name' | 'landingUrl'>;

/** Creates an empty partner program. */
export function createProgram() {
  let partners = new Map<number, Partner>();
  let promoTools = new Map<number, PromoTool>();
  let nextPartnerId = FIRST_PARTNER_ID;
  let nextPromoToolId = 1;

  function addPartner({ firstName, lastName, email }: NewPartner): Partner {
    const partner: Partner = { id: nextPartnerId++, firstName, lastName, email, sales: 0, amount: 0 };
    partners.set(partner.id, partner);
    return { ...partner };
  }

  function addPromoTool(t: NewPromoTool): PromoTool {
    if (!t.name) throw new Error('a promo tool needs a name');
    new URL(t.landingUrl); // throws on a URL the redirect could not use
    const tool: PromoTool = { id: nextPromoToolId++, name: t.name, landingUrl: t.landingUrl };
    promoTools.set(tool.id, tool);
    return { ...tool };
  }

  /** A referral to a partner the account knows, or undefined (unknown ids are ignored). */
  function resolve(
    ref: { orid: string; sid?: string; opid?: string } | undefined,
    source: ReferralSource,
  ): ResolvedReferral | undefined {
    if (!ref || !partners.has(+ref.orid)) return undefined;
    const out: ResolvedReferral = { partnerId: +ref.orid, source };
    if (ref.sid) out.sid = ref.sid;
    if (ref.opid && promoTools.has(+ref.opid)) out.promoToolId = +ref.opid;
    return out;
  }

  /** Adds (or with a negative sign, takes back) one sale worth `cents` to a partner. */
  function credit(partnerId: number | null, sign: 1 | -1, cents: number): void {
    const partner = partnerId == null ? undefined : partners.get(partnerId);
    if (!partner) return;
    partner.sales += sign;
    partner.amount += sign * cents;
  }

  function reset(): void {
    partners = new Map();
    promoTools = new Map();
    nextPartnerId = FIRST_PARTNER_ID;
    nextPromoToolId = 1;
  }

  const copy = <T extends object>(value: T | undefined): T | undefined => value && { ...value };
  return {
    addPartner,
    addPromoTool,
    resolve,
    credit,
    reset,
    partner: (id: number) => copy(partners.get(id)),
    promoTool: (id: number) => copy(promoTools.get(id)),
    partners: () => [...partners.values()].map((p) => ({ ...p })),
    promoTools: () => [...promoTools.values()].map((t) => ({ ...t })),
  };
}

export type Program = ReturnType<typeof createProgram>;
