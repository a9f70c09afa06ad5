/** Prints rows as an aligned text table; the first column left-aligned, the rest right. */
export function printTable(title, head, rows) {
  const cells = [head, ...rows].map((r) => r.map((c) => String(c)));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i == 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

/** A number with fixed decimals, or a dash when missing. */
export const fmt = (v, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '-');
