/**
 * The simulated ONTRAPORT account's rules, pure state and no HTTP: partners and promo tools,
 * contacts keyed by email with first and last referrer, purchases, partner credit, refunds
 * (WIRE.md §6, MISSION.md "Partner credit rules").
 */
import type { Attribution } from 'partner-pixel';
import { payloadTotal, type Contact as ContactFields, type PixelPayload } from 'partner-pixel/wire';

/** Which referrer of a contact is credited with a purchase: an account-wide setting. */
export type { Attribution };

/** A contact in the account's partner program, who promotes the merchant's products. */
export interface Partner {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  /** Purchases credited to this partner, less fully refunded ones. */
  sales: number;
  /** Value of those purchases, in cents. */
  amount: number;
}

/** A promotional tool: the page a partner's link leads to. */
export interface PromoTool {
  id: number;
  name: string;
  landingUrl: string;
}

/** Where the referral of a pixel came from: the query (our library) or ONTRAPORT's own cookie. */
export type ReferralSource = 'query' | 'cookie';

/** A referral as the account resolved it: a known partner, with the link's details. */
export interface ResolvedReferral {
  partnerId: number;
  sid?: string;
  promoToolId?: number;
  source: ReferralSource;
}

/** A buyer or opt-in, keyed by email (case-insensitive), with the pixel's contact fields. */
export interface Contact extends ContactFields {
  id: number;
  email: string;
  /** Partner id of the First Referrer; set once, never changed. */
  firstReferrer: number | null;
  /** Partner id of the Last Referrer; changed only by an order or an opt-in. */
  lastReferrer: number | null;
  /** Sub-id of the link behind the last referral, when it had one. */
  lastSid?: string;
  createdAt: string;
  updatedAt: string;
}

/** One line of a purchase, price in cents. */
export interface PurchaseItem {
  id: string;
  price: number;
  quantity: number;
  name?: string;
}

/** A recorded sale. */
export interface Purchase {
  orderId: string;
  contactId: number;
  email: string;
  items: PurchaseItem[];
  /** Cents. */
  tax: number;
  /** Shipping plus handling, cents. */
  shipping: number;
  /** Cents: items + tax + shipping, as the pixel carried them. */
  total: number;
  /** The partner credited, or null when the contact has no referrer. */
  partnerId: number | null;
  /** How the referral reached the account for this pixel, or null when it carried none. */
  referralSource: ReferralSource | null;
  refunded: boolean;
  at: string;
}

/** What a pixel did to the account. */
export type ApplyOutcome =
  | { outcome: 'recorded'; contact: Contact; purchase?: Purchase }
  | { outcome: 'duplicate'; orderId: string };

/** What a refund did: only a full refund reaches ONTRAPORT (as the original integration). */
export type RefundOutcome = 'refunded' | 'partial-not-propagated' | 'already-refunded' | 'unknown-order';

const FIRST_PARTNER_ID = 480125;
const FIRST_CONTACT_ID = 1001;

const now = () => new Date().toISOString();
const CONTACT_FIELDS = ['firstName', 'lastName', 'address', 'city', 'state', 'zip', 'country', 'phone'] as const;

/** Creates an empty account. */
export function createAccount(initialAttribution: Attribution = 'last') {
  let attribution = initialAttribution;
  let partners = new Map<number, Partner>();
  let promoTools = new Map<number, PromoTool>();
  let contacts = new Map<string, Contact>();
  let purchases = new Map<string, Purchase>();
  // Partners and contacts share ONTRAPORT's contact id space in the real product; here they
  // get distinct ranges so a test can tell them apart at a glance.
  let nextPartnerId = FIRST_PARTNER_ID;
  let nextContactId = FIRST_CONTACT_ID;
  let nextPromoToolId = 1;

  function setAttribution(value: Attribution): void {
    if (value != 'first' && value != 'last') throw new Error(`attribution must be "first" or "last", not ${String(value)}`);
    attribution = value;
  }

  function addPartner(p: { firstName: string; lastName: string; email: string }): Partner {
    const { firstName, lastName, email } = p;
    const partner: Partner = { id: nextPartnerId++, firstName, lastName, email, sales: 0, amount: 0 };
    partners.set(partner.id, partner);
    return { ...partner };
  }

  function addPromoTool(t: { name: string; landingUrl: string }): PromoTool {
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

  /**
   * Applies one accepted pixel. Every pixel is an order or an opt-in, so a referral always
   * updates the Last Referrer; the First Referrer is set only when the contact had none.
   */
  function apply(payload: PixelPayload, referral: ResolvedReferral | undefined): ApplyOutcome {
    const isSale = !payload.affOnly;
    if (isSale && purchases.has(payload.orderId)) return { outcome: 'duplicate', orderId: payload.orderId };
    const key = payload.email.toLowerCase();
    const at = now();
    let contact = contacts.get(key);
    if (!contact) {
      contact = {
        id: nextContactId++,
        email: payload.email,
        firstReferrer: null,
        lastReferrer: null,
        createdAt: at,
        updatedAt: at,
      };
      contacts.set(key, contact);
    }
    for (const k of CONTACT_FIELDS) if (payload[k]) contact[k] = payload[k];
    if (referral) {
      if (contact.firstReferrer == null) contact.firstReferrer = referral.partnerId;
      contact.lastReferrer = referral.partnerId;
      if (referral.sid) contact.lastSid = referral.sid;
      else delete contact.lastSid;
    }
    contact.updatedAt = at;
    if (!isSale) return { outcome: 'recorded', contact: { ...contact } };

    const partnerId = attribution == 'first' ? contact.firstReferrer : contact.lastReferrer;
    const purchase: Purchase = {
      orderId: payload.orderId,
      contactId: contact.id,
      email: contact.email,
      items: payload.items.map((i) => ({ ...i })),
      tax: payload.tax,
      shipping: payload.shipping,
      total: payloadTotal(payload),
      partnerId,
      referralSource: referral ? referral.source : null,
      refunded: false,
      at,
    };
    purchases.set(purchase.orderId, purchase);
    const partner = partnerId == null ? undefined : partners.get(partnerId);
    if (partner) {
      partner.sales += 1;
      partner.amount += purchase.total;
    }
    return { outcome: 'recorded', contact: { ...contact }, purchase: { ...purchase } };
  }

  /** A full refund (no amount, or the whole total) reverses the credit; a partial one does not reach us. */
  function refund(orderId: string, amountCents?: number): RefundOutcome {
    const purchase = purchases.get(orderId);
    if (!purchase) return 'unknown-order';
    if (purchase.refunded) return 'already-refunded';
    if (amountCents != null && amountCents != purchase.total) return 'partial-not-propagated';
    purchase.refunded = true;
    const partner = purchase.partnerId == null ? undefined : partners.get(purchase.partnerId);
    if (partner) {
      partner.sales -= 1;
      partner.amount -= purchase.total;
    }
    return 'refunded';
  }

  function reset(): void {
    partners = new Map();
    promoTools = new Map();
    contacts = new Map();
    purchases = new Map();
    nextPartnerId = FIRST_PARTNER_ID;
    nextContactId = FIRST_CONTACT_ID;
    nextPromoToolId = 1;
    attribution = initialAttribution;
  }

  const copy = <T extends object>(list: Iterable<T>): T[] => [...list].map((x) => structuredClone(x));

  return {
    get attribution() {
      return attribution;
    },
    setAttribution,
    addPartner,
    addPromoTool,
    resolve,
    apply,
    refund,
    reset,
    partner: (id: number): Partner | undefined => {
      const p = partners.get(id);
      return p && { ...p };
    },
    promoTool: (id: number): PromoTool | undefined => {
      const t = promoTools.get(id);
      return t && { ...t };
    },
    contact: (email: string): Contact | undefined => {
      const c = contacts.get(email.toLowerCase());
      return c && { ...c };
    },
    purchase: (orderId: string): Purchase | undefined => {
      const p = purchases.get(orderId);
      return p && structuredClone(p);
    },
    partners: () => copy(partners.values()),
    promoTools: () => copy(promoTools.values()),
    contacts: () => copy(contacts.values()),
    purchases: () => copy(purchases.values()),
  };
}

export type Account = ReturnType<typeof createAccount>;
