/**
 * Rows of the attribution table: each flow test records who was credited, under which
 * browser setting and method; `support/table-reporter.ts` prints the whole table at the end
 * of the run, like the other tables the browser tests produce.
 */
import { recordTable } from './support/tables.js';

export interface AttributionRow {
  /** The scenario, e.g. "second partner's link, attribution last". */
  case: string;
  /** The browser's third-party cookie setting. */
  cookies: 'blocked' | 'allowed';
  /** `ours` (first-party referral, partner on the pixel) or `original` (ONTRAPORT's cookie). */
  method: 'ours' | 'original';
  /** Who got the sale, e.g. "Pat (480125)" or "nobody". */
  credited: string;
  /** Whether that is what the test expects (the test also asserts it). */
  asExpected: boolean;
}

/** Adds one row to the attribution table. */
export function recordAttribution(r: AttributionRow): void {
  recordTable({
    title: 'Attribution table (this run)',
    head: ['case', 'third-party cookies', 'method', 'partner credited', 'as expected'],
    rows: [[r.case, r.cookies, r.method, r.credited, r.asExpected ? 'yes' : 'NO']],
  });
}
