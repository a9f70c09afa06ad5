/**
 * The hop to another site: links and forms leading to a configured checkout host get the
 * referral parameters, so the script on the checkout pages can capture them too, and, with a
 * custom-field mapping, UltraCart's `CustomFieldN` parameters, so the order itself carries the
 * referral to the receipt and to the server bridge. Event delegation decorates at the moment
 * of use, which also covers links added later. Forms must post (as UltraCart's do): a GET form
 * would replace the action's query with its own fields.
 */
import { checkoutHostOf } from '../core/host.js';
import type { ReferralParams } from '../core/referral.js';

/** Which UltraCart custom field holds which referral part: `{ orid: 1, sid: 2, opid: 3 }`. */
export type CustomFields = Partial<Record<keyof ReferralParams, number>>;

export function decorateCheckoutLinks(
  hosts: string[],
  referral: () => ReferralParams | undefined,
  customFields: CustomFields = {},
): void {
  const names = hosts.map(checkoutHostOf);
  const onUse = (event: Event) => {
    try {
      const ref = referral();
      const el = event.target as Element;
      const form = event.type == 'submit' && (el as HTMLFormElement);
      const link = form || (el.closest('a[href]') as HTMLAnchorElement | null);
      // Stryker disable next-line ConditionalExpression,LogicalOperator: without either, a line below throws into the catch, which leaves the link as it was
      if (!ref || !link) return;
      const url = new URL(form ? form.action : link.href, location.href);
      if (url.host == location.host || !names.includes(url.hostname)) return;
      for (const k of ['orid', 'sid', 'opid'] as const)
        if (ref[k]) {
          url.searchParams.set(k, ref[k]!);
          // The mapping holds only fields 1 to 7 (createPixel keeps the usable part).
          if (customFields[k]) url.searchParams.set('CustomField' + customFields[k], ref[k]!);
        }
      if (form) form.action = url.href;
      else (link as HTMLAnchorElement).href = url.href;
    } catch {
      // A link we cannot parse is left exactly as the page made it.
    }
  };
  for (const type of ['click', 'auxclick', 'submit']) document.addEventListener(type, onUse, true);
}
