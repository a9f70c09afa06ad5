/**
 * The simulated ONTRAPORT account's rules, pure state and no HTTP: the partner program
 * (`program.ts`), the contacts and purchases (`contacts.ts`), the products (`products.ts`) and
 * the crediting setting.
 */
import { createContactBook } from './contacts.js';
import { createProductList } from './products.js';
import { createProgram } from './program.js';
import type { Attribution } from './types.js';

export type {
  ApplyOutcome,
  Attribution,
  Contact,
  Integration,
  Partner,
  PromoTool,
  Purchase,
  PurchaseItem,
  PurchaseStatus,
  SaleSource,
  RefundOutcome,
  ReferralSource,
  ResolvedReferral,
} from './types.js';

/** Creates an empty account; `onAttribution` hears every change of the crediting setting. */
export function createAccount(initialAttribution: Attribution = 'last', onAttribution?: (value: Attribution) => void) {
  let attribution = initialAttribution;
  const program = createProgram();
  const book = createContactBook(program, () => attribution);
  const catalog = createProductList();

  function setAttribution(value: Attribution): void {
    if (value != 'first' && value != 'last') throw new Error(`attribution must be "first" or "last", not ${String(value)}`);
    attribution = value;
    onAttribution?.(value);
  }

  return {
    get attribution() {
      return attribution;
    },
    setAttribution,
    ...program,
    ...book,
    ...catalog,
    reset(): void {
      program.reset();
      book.reset();
      catalog.resetProducts();
      setAttribution(initialAttribution);
    },
  };
}

export type Account = ReturnType<typeof createAccount>;
