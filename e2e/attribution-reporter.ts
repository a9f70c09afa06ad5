/**
 * Prints the attribution table the flow tests produced: case x browser setting x method ->
 * partner credited. Tests record rows as `attribution` annotations (see `attribution.ts`),
 * so the table is whole even when the tests ran in several workers.
 */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { ATTRIBUTION_ANNOTATION, type AttributionRow } from './attribution.js';

export default class AttributionReporter implements Reporter {
  private rows: AttributionRow[] = [];

  printsToStdio(): boolean {
    return false;
  }

  onTestEnd(_test: TestCase, result: TestResult): void {
    for (const a of result.annotations) {
      if (a.type == ATTRIBUTION_ANNOTATION && a.description) this.rows.push(JSON.parse(a.description) as AttributionRow);
    }
  }

  onEnd(_result: FullResult): void {
    if (!this.rows.length) return;
    const rows = [...this.rows].sort((a, b) => a.case.localeCompare(b.case) || a.cookies.localeCompare(b.cookies) || a.method.localeCompare(b.method));
    const head = ['case', 'third-party cookies', 'method', 'partner credited', 'as expected'];
    const body = rows.map((r) => [r.case, r.cookies, r.method, r.credited, r.asExpected ? 'yes' : 'NO']);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
    const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
    const rule = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|';
    console.log(['', 'Attribution table (this run):', line(head), rule, ...body.map(line), ''].join('\n'));
  }
}
