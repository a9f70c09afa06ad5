/** A partner of the test, with a promotional tool and its link. */
import type { Ontraport } from '../ontraport/ontraport.js';
import type { Partner, PromoTool } from '../ontraport/types.js';

/** A partner made for the test, with a promotional tool and its link. */
export interface TestPartner extends Partner {
  /** The promo tool the partner's link uses; it lands on the store's checkout by default. */
  promoTool: PromoTool;
  /** The partner's promo link (on the ONTRAPORT host), optionally with a sub-id. */
  link(options?: { sid?: string; promoToolId?: number }): string;
}

/**
 * Makes a {@link TestPartner} of any partner of the account, e.g. a second partner:
 * `withLink(account, account.addPartner({...}), partner.promoTool)`.
 */
export function withLink(account: Ontraport, partner: Partner, promoTool: PromoTool): TestPartner {
  return {
    ...partner,
    promoTool,
    link: (options = {}) => account.promoLink(partner.id, options.promoToolId ?? promoTool.id, options.sid),
  };
}

