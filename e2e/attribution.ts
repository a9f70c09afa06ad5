/**
 * Rows of the attribution table: each flow test records who was credited, under which
 * browser setting and method, and `attribution-reporter.ts` prints them at the end of the run.
 */
import { test } from '@playwright/test';

export const ATTRIBUTION_ANNOTATION = 'attribution';

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

/** Adds one row to the current test's result. */
export function recordAttribution(row: AttributionRow): void {
  test.info().annotations.push({ type: ATTRIBUTION_ANNOTATION, description: JSON.stringify(row) });
}
