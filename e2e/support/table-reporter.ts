/**
 * Prints, at the end of a run, every table the browser tests recorded (attribution, the
 * transport measurement, the fault matrix, the CSP findings), each whole and sorted,
 * whichever worker produced its rows.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { formatTable, TABLE_ANNOTATION, type TableRows } from './tables.js';

export default class TableReporter implements Reporter {
  private tables = new Map<string, TableRows>();

  printsToStdio(): boolean {
    return false;
  }

  onTestEnd(_test: TestCase, result: TestResult): void {
    for (const a of result.annotations) {
      if (a.type != TABLE_ANNOTATION || !a.description) continue;
      const t = JSON.parse(a.description) as TableRows;
      const known = this.tables.get(t.title);
      if (known) known.rows.push(...t.rows);
      else this.tables.set(t.title, { ...t, rows: [...t.rows] });
    }
  }

  onEnd(): void {
    for (const t of this.tables.values()) {
      console.log(formatTable({ ...t, rows: t.rows.sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000'))) }));
    }
  }
}
