/**
 * Tables the reliability tests print: each test prints its own rows at once, and records them
 * as an annotation so that `table-reporter.ts` can print every table whole at the end of a
 * run, even when the rows came from several workers.
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

/** Prints the rows now (one row as one line) and keeps them for the reporter. */
export function recordTable(table: TableRows): void {
  const [only, ...more] = table.rows;
  console.log(more.length || !only ? formatTable(table) : `${table.title}: ${table.head.map((h, i) => `${h}=${only[i]}`).join(', ')}`);
  test.info().annotations.push({ type: TABLE_ANNOTATION, description: JSON.stringify(table) });
}
