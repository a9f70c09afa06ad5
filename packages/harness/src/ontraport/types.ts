/**
 * What the simulated ONTRAPORT account holds: partners, promo tools, contacts with first and
 * last referrer, purchases and what a pixel or a refund did (rules in docs/ontraport.md).
 */
import type { Contact as ContactFields } from 'partner-pixel/wire';

/**
 * Which referrer of a contact is credited with a purchase: an account-wide setting, and the
 * value of the tag's `data-attribution` (the two must agree for the tag to send the referral
 * ONTRAPORT credits).
 */
export type Attribution = 'first' | 'last';

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

/**
 * Which path reported a sale: the receipt tag's pixel in the buyer's browser, the bridge's
 * server-side pixel, or the bridge's REST call (`transaction/processManual`). ONTRAPORT itself
 * cannot tell the two pixels apart; the simulation can, because the bridge reaches it on its
 * API host, and says so on the dashboard.
 */
export type SaleSource = 'receipt-pixel' | 'server-pixel' | 'api';

/** A transaction's state, as ONTRAPORT's status codes: paid, refunded, void, declined. */
export type PurchaseStatus = 'paid' | 'refunded' | 'void' | 'declined';

/** A recorded sale. */
export interface Purchase {
  /** ONTRAPORT's transaction id, what its REST calls (refund, void, decline) name. */
  transactionId: number;
  source: SaleSource;
  status: PurchaseStatus;
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
  /** `status == 'refunded'`, kept for readers of the pixel-only account. */
  refunded: boolean;
  at: string;
}

/** What a pixel did to the account. */
export type ApplyOutcome =
  | { outcome: 'recorded'; contact: Contact; purchase?: Purchase }
  | { outcome: 'duplicate'; orderId: string };

/** What a refund did: only a full refund reaches ONTRAPORT (as the original integration). */
export type RefundOutcome = 'refunded' | 'partial-not-propagated' | 'already-refunded' | 'unknown-order';

/**
 * How the sandbox's store reports to the account: `tag` (the page tag on every page and the
 * receipt tag on the receipt, which sends the sale pixel) or `bridge` (the page tag only; the
 * store's webhooks reach the bridge, which reports sales, refunds, declines and products).
 */
export type Integration = 'tag' | 'bridge';
