/**
 * The hop to another site: links and forms leading to a configured checkout host get the
 * referral parameters, so the script on the checkout pages can capture them too. Event
 * delegation decorates at the moment of use, which also covers links added later. Forms must
 * post (as UltraCart's do): a GET form would replace the action's query with its own fields.
 */
import type { ReferralParams } from '../core/referral.js';

export function decorateCheckoutLinks(
  hosts: string[],
  referral: () => ReferralParams | undefined,
): void {
  const onUse = (event: Event) => {
    try {
      const ref = referral();
      const el = event.target as Element;
      const form = event.type == 'submit' && (el as HTMLFormElement);
      const link = form || (el.closest('a[href]') as HTMLAnchorElement | null);
      if (!ref || !link) return;
      const url = new URL(form ? form.action : link.href, location.href);
      if (url.host == location.host || !hosts.some((h) => h.toLowerCase() == url.hostname)) return;
      for (const k of ['orid', 'sid', 'opid'] as const) if (ref[k]) url.searchParams.set(k, ref[k]!);
      if (form) form.action = url.href;
      else (link as HTMLAnchorElement).href = url.href;
    } catch {
      // A link we cannot parse is left exactly as the page made it.
    }
  };
  for (const type of ['click', 'auxclick', 'submit']) document.addEventListener(type, onUse, true);
}
