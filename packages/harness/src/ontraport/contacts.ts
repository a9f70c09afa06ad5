/**
 * The account's contacts and purchases, pure state: what an accepted pixel, a REST call and a
 * refund do (docs/ontraport.md, "Partner credit rules"). Every pixel is an order or an opt-in,
 * so a referral always updates the Last Referrer; the First Referrer is set only when the
 * contact had none. A pixel's repeated order id is recorded once; a transaction logged through
 * the REST API is a purchase of its own, even for an order a pixel already reported (the
 * double the original integration warns about).
 */
import { CONTACT_FIELDS, payloadTotal, type PixelPayload } from 'partner-pixel/wire';
import type { Program } from './program.js';
import type { ApplyOutcome, Attribution, Contact, Purchase, PurchaseItem, PurchaseStatus, RefundOutcome, ResolvedReferral, SaleSource } from './types.js';

const FIRST_CONTACT_ID = 1001;
const FIRST_TRANSACTION_ID = 5001;

/** A transaction as `transaction/processManual` logs it, amounts in cents. */
export interface LoggedTransaction {
  contactId: number;
  orderId: string;
  items: PurchaseItem[];
  tax: number;
  shipping: number;
  total: number;
}

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

type NewPurchase = Omit<Purchase, 'transactionId' | 'status' | 'refunded' | 'at' | 'partnerId' | 'email'>;

/** Creates the empty contact book of an account whose credit goes through `program`. */
export function createContactBook(program: Program, attribution: () => Attribution) {
  let contacts = new Map<string, Contact>();
  // Pixel purchases under their order id (one each); REST transactions under `api:<id>`.
  let purchases = new Map<string, Purchase>();
  let nextContactId = FIRST_CONTACT_ID;
  let nextTransactionId = FIRST_TRANSACTION_ID;

  function contactFor(email: string, at: string): Contact {
    const key = email.toLowerCase();
    let contact = contacts.get(key);
    if (!contact) {
      contact = { id: nextContactId++, email, firstReferrer: null, lastReferrer: null, createdAt: at, updatedAt: at };
      contacts.set(key, contact);
    }
    return contact;
  }

  /** Records the sale and credits the contact's first or last referrer, per the setting. */
  function record(p: NewPurchase, contact: Contact, key?: string): Purchase {
    const partnerId = attribution() == 'first' ? contact.firstReferrer : contact.lastReferrer;
    const purchase: Purchase = { transactionId: nextTransactionId++, status: 'paid', refunded: false, at: new Date().toISOString(), email: contact.email, partnerId, ...p };
    purchases.set(key ?? `api:${purchase.transactionId}`, purchase);
    program.credit(purchase.partnerId, 1, purchase.total);
    return purchase;
  }

  /** Applies one accepted pixel; `source` says whether a browser or the bridge sent it. */
  function apply(payload: PixelPayload, referral: ResolvedReferral | undefined, source: SaleSource = 'receipt-pixel'): ApplyOutcome {
    const isSale = !payload.affOnly;
    if (isSale && purchases.has(payload.orderId)) return { outcome: 'duplicate', orderId: payload.orderId };
    const at = new Date().toISOString();
    const contact = contactFor(payload.email, at);
    updateContact(contact, payload, referral, at);
    if (!isSale) return { outcome: 'recorded', contact: { ...contact } };
    const { orderId, tax, shipping } = payload;
    const items = payload.items.map((i) => ({ ...i }));
    const fields = { source, orderId, contactId: contact.id, items, tax, shipping, total: payloadTotal(payload), referralSource: referral ? referral.source : null };
    const purchase = record(fields, contact, orderId);
    return { outcome: 'recorded', contact: { ...contact }, purchase: structuredClone(purchase) };
  }

  /** A status change through REST (refund, void, decline): a paid sale's credit is taken back. */
  function setStatus(transactionId: number, status: Exclude<PurchaseStatus, 'paid'>): boolean {
    const purchase = [...purchases.values()].find((p) => p.transactionId == transactionId);
    if (!purchase) return false;
    if (purchase.status == 'paid') program.credit(purchase.partnerId, -1, purchase.total);
    purchase.status = status;
    purchase.refunded = status == 'refunded';
    return true;
  }

  /** A full refund (no amount, or the whole total) reverses the credit; a partial one does not reach us. */
  function refund(orderId: string, amountCents?: number): RefundOutcome {
    const purchase = purchases.get(orderId);
    if (!purchase) return 'unknown-order';
    if (purchase.refunded) return 'already-refunded';
    if (amountCents != null && amountCents != purchase.total) return 'partial-not-propagated';
    setStatus(purchase.transactionId, 'refunded');
    return 'refunded';
  }

  function reset(): void {
    contacts = new Map();
    purchases = new Map();
    nextContactId = FIRST_CONTACT_ID;
    nextTransactionId = FIRST_TRANSACTION_ID;
  }

  const rest = restOperations({ contactFor, record, purchases: () => purchases, contacts: () => contacts, resolve: program.resolve });
  return { apply, refund, reset, setStatus, ...rest, ...readers(() => contacts, () => purchases) };
}

/** Copies out of the book, never the records themselves. */
function readers(contacts: () => Map<string, Contact>, purchases: () => Map<string, Purchase>) {
  return {
    contact: (email: string): Contact | undefined => {
      const c = contacts().get(email.toLowerCase());
      return c && { ...c };
    },
    /** The pixel's purchase of the order, else the latest live REST transaction for it. */
    purchase: (orderId: string): Purchase | undefined => {
      const all = [...purchases().values()].filter((p) => p.orderId == orderId);
      const p = purchases().get(orderId) ?? all.reverse().find((x) => x.status != 'void') ?? all[0];
      return p && structuredClone(p);
    },
    contacts: () => [...contacts().values()].map((c) => ({ ...c })),
    purchases: () => [...purchases().values()].map((p) => structuredClone(p)),
  };
}

interface BookParts {
  contactFor(email: string, at: string): Contact;
  /** Without a key, a REST transaction: keyed by its own id, so it never collides with a pixel's. */
  record(p: NewPurchase, contact: Contact, key?: string): Purchase;
  purchases(): Map<string, Purchase>;
  contacts(): Map<string, Contact>;
  resolve: Program['resolve'];
}

/** ONTRAPORT's REST field names of the contact fields the pixel carries. */
const REST_FIELDS: Record<string, (typeof CONTACT_FIELDS)[number]> = {
  firstname: 'firstName', lastname: 'lastName', address: 'address', city: 'city', state: 'state', zip: 'zip', country: 'country', sms_number: 'phone',
};

/** What the REST API does to the same contacts and purchases the pixel fills. */
function restOperations(book: BookParts) {
  /** `Contacts/saveorupdate`: merged on email; `freferrer` set once, `lreferrer` by each call, known partners only. */
  function saveContact(fields: Record<string, string>): Contact {
    const at = new Date().toISOString();
    const contact = book.contactFor(fields.email, at);
    for (const [rest, field] of Object.entries(REST_FIELDS)) if (fields[rest]) contact[field] = fields[rest];
    const first = book.resolve(fields.freferrer ? { orid: fields.freferrer } : undefined, 'query');
    const last = book.resolve(fields.lreferrer ? { orid: fields.lreferrer } : undefined, 'query');
    if (first && contact.firstReferrer == null) contact.firstReferrer = first.partnerId;
    if (last) contact.lastReferrer = last.partnerId;
    contact.updatedAt = at;
    return { ...contact };
  }

  /** `transaction/processManual` with `chargeLog`: a purchase of its own, credited like a pixel's. */
  function logTransaction(t: LoggedTransaction): Purchase | undefined {
    const contact = [...book.contacts().values()].find((c) => c.id == t.contactId);
    if (!contact) return undefined;
    const { contactId, orderId, items, tax, shipping, total } = t;
    const p = book.record({ source: 'api', orderId, contactId, items, tax, shipping, total, referralSource: null }, contact);
    return structuredClone(p);
  }

  return {
    saveContact,
    logTransaction,
    /** Transactions of an order that are not void, pixel-recorded ones included. */
    findTransactions: (orderId: string): Purchase[] => [...book.purchases().values()].filter((p) => p.orderId == orderId && p.status != 'void').map((p) => structuredClone(p)),
    contactById: (id: number): Contact | undefined => {
      const c = [...book.contacts().values()].find((x) => x.id == id);
      return c && { ...c };
    },
  };
}
