/**
 * The account's contacts and purchases, pure state: what an accepted pixel and a refund do
 * (docs/ontraport.md, "Partner credit rules"). Every pixel is an order or an opt-in, so a
 * referral always updates the Last Referrer; the First Referrer is set only when the contact
 * had none. A repeated order id is recorded once.
 */
import { CONTACT_FIELDS, payloadTotal, type PixelPayload } from 'partner-pixel/wire';
import type { Program } from './program.js';
import type { ApplyOutcome, Attribution, Contact, Purchase, RefundOutcome, ResolvedReferral } from './types.js';

const FIRST_CONTACT_ID = 1001;

/** The pixel's contact fields onto the contact; a referral sets the First Referrer once and always the Last. */
function updateContact(contact: Contact, payload: PixelPayload, referral: ResolvedReferral | undefined, at: string): void {
  for (const k of CONTACT_FIELDS) if (payload[k]) contact[k] = payload[k];
  if (referral) {
    if (contact.firstReferrer == null) contact.firstReferrer = referral.partnerId;
    contact.lastReferrer = referral.partnerId;
    if (referral.sid) contact.lastSid = referral.sid;
    else delete contact.lastSid;
  }
  contact.updatedAt = at;
}

/** The purchase a sale pixel makes, credited to the contact's first or last referrer. */
function newPurchase(payload: PixelPayload, contact: Contact, referral: ResolvedReferral | undefined, attribution: Attribution, at: string): Purchase {
  return {
    orderId: payload.orderId,
    contactId: contact.id,
    email: contact.email,
    items: payload.items.map((i) => ({ ...i })),
    tax: payload.tax,
    shipping: payload.shipping,
    total: payloadTotal(payload),
    partnerId: attribution == 'first' ? contact.firstReferrer : contact.lastReferrer,
    referralSource: referral ? referral.source : null,
    refunded: false,
    at,
  };
}

/** Creates the empty contact book of an account whose credit goes through `program`. */
export function createContactBook(program: Program, attribution: () => Attribution) {
  let contacts = new Map<string, Contact>();
  let purchases = new Map<string, Purchase>();
  let nextContactId = FIRST_CONTACT_ID;

  /** The contact for the pixel's email, created when new, with the pixel's fields and referral. */
  function upsertContact(payload: PixelPayload, referral: ResolvedReferral | undefined, at: string): Contact {
    const key = payload.email.toLowerCase();
    let contact = contacts.get(key);
    if (!contact) {
      contact = { id: nextContactId++, email: payload.email, firstReferrer: null, lastReferrer: null, createdAt: at, updatedAt: at };
      contacts.set(key, contact);
    }
    updateContact(contact, payload, referral, at);
    return contact;
  }

  /** Records the sale and credits the contact's first or last referrer, per the setting. */
  function recordPurchase(payload: PixelPayload, contact: Contact, referral: ResolvedReferral | undefined, at: string): Purchase {
    const purchase = newPurchase(payload, contact, referral, attribution(), at);
    purchases.set(purchase.orderId, purchase);
    program.credit(purchase.partnerId, 1, purchase.total);
    return purchase;
  }

  /** Applies one accepted pixel. */
  function apply(payload: PixelPayload, referral: ResolvedReferral | undefined): ApplyOutcome {
    const isSale = !payload.affOnly;
    if (isSale && purchases.has(payload.orderId)) return { outcome: 'duplicate', orderId: payload.orderId };
    const at = new Date().toISOString();
    const contact = upsertContact(payload, referral, at);
    if (!isSale) return { outcome: 'recorded', contact: { ...contact } };
    const purchase = recordPurchase(payload, contact, referral, at);
    return { outcome: 'recorded', contact: { ...contact }, purchase: structuredClone(purchase) };
  }

  /** A full refund (no amount, or the whole total) reverses the credit; a partial one does not reach us. */
  function refund(orderId: string, amountCents?: number): RefundOutcome {
    const purchase = purchases.get(orderId);
    if (!purchase) return 'unknown-order';
    if (purchase.refunded) return 'already-refunded';
    if (amountCents != null && amountCents != purchase.total) return 'partial-not-propagated';
    purchase.refunded = true;
    program.credit(purchase.partnerId, -1, purchase.total);
    return 'refunded';
  }

  function reset(): void {
    contacts = new Map();
    purchases = new Map();
    nextContactId = FIRST_CONTACT_ID;
  }

  return {
    apply,
    refund,
    reset,
    contact: (email: string): Contact | undefined => {
      const c = contacts.get(email.toLowerCase());
      return c && { ...c };
    },
    purchase: (orderId: string): Purchase | undefined => {
      const p = purchases.get(orderId);
      return p && structuredClone(p);
    },
    contacts: () => [...contacts.values()].map((c) => ({ ...c })),
    purchases: () => [...purchases.values()].map((p) => structuredClone(p)),
  };
}
