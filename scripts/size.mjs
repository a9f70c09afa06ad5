// The size budget of the script-tag build, which every receipt page downloads. Fails the
// test run when the build grows past the budget; prints the figures and the 2,048 B target.
// `--by-module` also says which source file the minified bytes come from, so a change that
// grows the tag can be traced to its file.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const FILE = 'packages/pixel/dist/partner-pixel.min.js';
// The enforced ceiling (gzip bytes). The goal is 2,048 B; docs/performance.md has the gap.
const BUDGET = 5400;
const TARGET = 2048;

const code = readFileSync(FILE);
const gzip = gzipSync(code, { level: 9 }).length;
const brotli = brotliCompressSync(code, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
}).length;
console.log(`${FILE}: ${code.length} B raw, ${gzip} B gzip, ${brotli} B brotli`);
console.log(`budget ${BUDGET} B gzip: ${gzip <= BUDGET ? 'within' : 'OVER'}; goal ${TARGET} B gzip: ${gzip <= TARGET ? 'met' : `missed by ${gzip - TARGET} B`}`);
if (process.argv.includes('--by-module')) await byModule();
if (gzip > BUDGET) {
  console.error(`size budget exceeded by ${gzip - BUDGET} B`);
  process.exit(1);
}

/**
 * Builds the tag again with a source map and counts each minified character towards the
 * source file it came from. Gzip does not split by file, so the gzip column is the file's
 * share of the minified bytes applied to the whole: an estimate, marked as one.
 */
async function byModule() {
  const { rollup } = await import('rollup');
  const { decode } = await import('@jridgewell/sourcemap-codec');
  const { default: configs } = await import('../rollup.config.mjs');
  const config = configs.find((c) => c.output.format == 'iife');
  const bundle = await rollup({ ...config, onwarn: () => {} });
  const { output } = await bundle.generate({ ...config.output, sourcemap: true });
  const { code: min, map } = output[0];
  const lines = min.split('\n');
  const bytes = new Map();
  decode(map.mappings).forEach((segments, line) => {
    segments.forEach((seg, k) => {
      const end = k + 1 < segments.length ? segments[k + 1][0] : lines[line].length;
      const file = seg.length > 1 ? map.sources[seg[1]].replace(/^.*?(node_modules\/|src\/)/, '') : '(unmapped)';
      bytes.set(file, (bytes.get(file) || 0) + end - seg[0]);
    });
  });
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  console.log('\nminified bytes by source file (gzip ~ share of the whole):');
  for (const [file, n] of [...bytes].sort((a, b) => b[1] - a[1]))
    console.log(`  ${file.padEnd(38)} ${String(n).padStart(6)} B  ~${String(Math.round((gzip * n) / total)).padStart(5)} B gzip`);
  await bundle.close();
}
