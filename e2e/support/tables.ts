/**
 * Tables the browser tests print: each test records its rows as an annotation, so that
 * `table-reporter.ts` can print every table whole at the end of a run, even when the rows
 * came from several workers.
 */
import { test } from '@playwright/test';

export const TABLE_ANNOTATION = 'partner-pixel-table';

/** Rows of one table, as a test records them. */
export interface TableRows {
  /** The table's title; rows with the same title end up in one table. */
  title: string;
  head: string[];
  rows: string[][];
}

/** A plain-text table with aligned columns. */
export function formatTable({ title, head, rows }: TableRows): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ') + ' |';
  const rule = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|';
  return ['', `${title}:`, line(head), rule, ...rows.map(line), ''].join('\n');
}

/** Keeps the rows for the reporter, which prints every table whole at the end of the run. */
export function recordTable(table: TableRows): void {
  test.info().annotations.push({ type: TABLE_ANNOTATION, description: JSON.stringify(table) });
}
