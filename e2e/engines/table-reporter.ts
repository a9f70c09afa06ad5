/**
 * Prints the cross-engine table at the end of the run: one row per case, one column per engine
 * (Playwright project), each cell what the case measured, marked FAIL when it did not hold,
 * "known" when it is a listed expected failure, SKIPPED (and why) when the engine is missing;
 * then each engine's version and the time its cases took.
 */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { formatTable } from '../support/tables.js';

const CELL = 'engine-cell';
const VERSION = 'engine-version';
const KNOWN = 'engine-known';

export default class EngineTableReporter implements Reporter {
  private cells = new Map<string, Map<string, string>>();
  private engines = new Map<string, { version?: string; ms: number; passed: number; failed: number; known: number; skipped: number }>();

  printsToStdio(): boolean {
    return false;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const engine = test.parent.project()?.name ?? '?';
    const stats = this.engines.get(engine) ?? { ms: 0, passed: 0, failed: 0, known: 0, skipped: 0 };
    this.engines.set(engine, stats);
    stats.ms += result.duration;
    const notes = result.annotations.filter((a) => a.type == CELL).map((a) => a.description ?? '');
    const version = result.annotations.find((a) => a.type == VERSION)?.description;
    if (version) stats.version = version;
    const known = result.annotations.find((a) => a.type == KNOWN)?.description;
    const expectedToFail = test.expectedStatus == 'failed';
    let text = notes.join('; ') || '(no measurement)';
    if (result.status == 'skipped') {
      text = `SKIPPED: ${test.annotations.concat(result.annotations).find((a) => a.type == 'skip')?.description ?? 'skipped'}`;
      stats.skipped++;
    } else if (known && result.status == 'passed') {
      text = known == 'holds now' ? `holds now (still listed as known: remove it): ${text}` : `known: ${text}`;
      if (known != 'holds now') stats.known++;
      else stats.passed++;
    } else if (expectedToFail && result.status == 'failed') {
      text = `known: ${text}`;
      stats.known++;
    } else if (result.status == 'passed' && expectedToFail) {
      text = `FIXED? ${text} (listed as expected to fail, but it held)`;
      stats.failed++;
    } else if (result.status != 'passed') {
      const why = (result.error?.message ?? result.status).split('\n')[0].replace(new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g'), '').slice(0, 120);
      text = notes.length ? `FAIL: ${text}` : `FAIL: ${why}`;
      stats.failed++;
    } else stats.passed++;
    const row = this.cells.get(test.title) ?? new Map<string, string>();
    this.cells.set(test.title, row);
    // A retry replaces the first try's cell.
    row.set(engine, text);
  }

  onEnd(_result: FullResult): void {
    const engines = [...this.engines.keys()];
    const rows = [...this.cells].map(([title, row]) => [title, ...engines.map((e) => row.get(e) ?? '')]);
    console.log(formatTable({ title: 'Cross-engine cases (case x engine; counted at the harness server)', head: ['case', ...engines], rows }));
    const summary = [...this.engines].map(([name, s]) => [
      name,
      s.version ?? 'not launched',
      `${(s.ms / 1000).toFixed(0)} s`,
      `${s.passed} passed, ${s.failed} failed, ${s.known} known failures, ${s.skipped} skipped`,
    ]);
    console.log(formatTable({ title: 'Engines', head: ['engine', 'version', 'time of its cases', 'cases'], rows: summary }));
  }
}
