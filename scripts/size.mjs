// The size budgets of the two production tags, which every page (the page tag) and every
// receipt (the receipt tag) downloads. Fails the test run when a tag grows past its budget;
// prints each file's raw, gzip and brotli size, and its Subresource Integrity hash (sha384),
// which a merchant puts in the tag's `integrity` attribute. `--by-module` also says which
// source file the minified bytes of each tag come from, so a change that grows a tag can be
// traced to its file; `--without-warnings` builds the two production tags again with every
// console warning left out, to show what the warnings weigh, and `--without-js-cookie` with
// js-cookie swapped for the shortest cookie helper (scripts/cookie-stand-in.mjs), to show what
// the library weighs; given both, also the two together (docs/performance.md). The debug
// build has a ceiling but no goal: only debug mode loads it. Every tag must also start with
// V8's compile hint, on which the CPU figures of docs/performance.md rest.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import configs, { COMPILE_HINT, TAGS, tagConfig } from '../rollup.config.mjs';
import { integrity } from './integrity.mjs';

/**
 * Goals and enforced ceilings in gzip bytes (level 9), js-cookie included. The goals are not
 * met yet (docs/performance.md says what stands in the way). Each ceiling sits a few bytes
 * above the measured size (page tag 3,221 B, receipt tag 6,409 B), so that neither tag can
 * grow unnoticed; lower it whenever a cut lands. They rose for warnings every production tag
 * must print without debug mode (a misspelled `data-*` attribute and an unknown `data-mode`
 * first, then every other value not read as given), for the receipt tag's in-flight mark, and
 * for V8's compile hint, 18 B that save 2.6 to 5 ms of main-thread CPU (docs/performance.md),
 * for `data-keys` refused whole when it is not a JSON object (one test of it for every build),
 * and for a bare attribute read as on only for the on/off options. The debug build (9,216 B)
 * has a ceiling too, so that what debug mode downloads does not grow unnoticed either.
 */
const GOALS = { page: 2048, receipt: 4096 };
const BUDGETS = { page: 3222, receipt: 6410, debug: 9220 };

/**
 * What a production tag would weigh without a part of it, each asked for by its flags: a
 * measurement only, built in memory; no file is written. Without warnings, terser drops every
 * `warn` and `misread` call with its text (the reasons a purchase returns stay): how far
 * moving every warning into the debug build could take the tag. Without js-cookie, the stand-in
 * helper takes its place: what writing the cookie by hand would save.
 */
const CUTS = [
  { flags: ['--without-warnings'], what: 'without any warning', withoutWarnings: true },
  { flags: ['--without-js-cookie'], what: 'with a cookie helper instead of js-cookie', standIn: true },
  { flags: ['--without-warnings', '--without-js-cookie'], what: 'with neither', withoutWarnings: true, standIn: true },
];

const standIn = fileURLToPath(new URL('./cookie-stand-in.mjs', import.meta.url));
const cookieStandIn = { name: 'cookie-stand-in', resolveId: (id) => (id == 'js-cookie' ? standIn : null) };

const gzipOf = (code) => gzipSync(code, { level: 9 }).length;
const brotliOf = (code) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

let over = false;
for (const t of TAGS) {
  const code = readFileSync(t.file);
  const gzip = gzipOf(code);
  const budget = BUDGETS[t.tag];
  console.log(`${t.file}: ${code.length} B raw, ${gzip} B gzip, ${brotliOf(code)} B brotli`);
  console.log(`  integrity="${integrity(code)}"`);
  const goal = GOALS[t.tag];
  const goalText = goal ? `goal ${goal} B gzip: ${gzip <= goal ? 'met' : `missed by ${gzip - goal} B`}` : 'no goal: loaded only in debug mode';
  console.log(`  ceiling ${budget} B gzip: ${gzip <= budget ? `within, ${budget - gzip} B to spare` : `OVER by ${gzip - budget} B`}; ${goalText}`);
  over ||= gzip > budget;
  // The CPU figures of docs/performance.md rest on it: without it V8 compiles function by function.
  if (!code.toString().startsWith(COMPILE_HINT + '\n')) {
    console.error(`  does not start with V8's compile hint ${COMPILE_HINT}: see rollup.config.mjs`);
    over = true;
  }
  if (process.argv.includes('--by-module')) await byModule(t, gzip);
  if (goal) for (const cut of CUTS) if (cut.flags.every((f) => process.argv.includes(f))) await without(cut, t, gzip, goal);
}
if (over) {
  console.error('size check failed');
  process.exit(1);
}

/** Builds tag `t` again with `cut` (one of CUTS) and prints its size beside `gzip`, as shipped. */
async function without(cut, t, gzip, goal) {
  const config = tagConfig({ ...t, withoutWarnings: cut.withoutWarnings });
  if (cut.standIn) config.plugins.unshift(cookieStandIn);
  const bare = gzipOf((await buildInMemory(config)).code);
  console.log(`  ${cut.what}: ${bare} B gzip (${gzip - bare} B less); goal ${goal} B: ${bare <= goal ? 'met' : `missed by ${bare - goal} B`}`);
}

/** Builds a rollup config without writing anything: its one output chunk. */
async function buildInMemory(config, output = {}) {
  const { rollup } = await import('rollup');
  const bundle = await rollup({ ...config, onwarn: () => {} });
  try {
    return (await bundle.generate({ ...config.output, ...output })).output[0];
  } finally {
    await bundle.close();
  }
}

/**
 * Builds a tag again with a source map and counts each minified character towards the
 * source file it came from. Gzip does not split by file, so the gzip column is the file's
 * share of the minified bytes applied to the whole: an estimate, marked as one.
 */
async function byModule(t, gzip) {
  const { decode } = await import('@jridgewell/sourcemap-codec');
  const config = configs.find((c) => c.output.file == t.file);
  const { code: min, map } = await buildInMemory(config, { sourcemap: true });
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
  console.log(`  minified bytes by source file (gzip ~ share of the whole):`);
  for (const [file, n] of [...bytes].sort((a, b) => b[1] - a[1]))
    console.log(`    ${file.padEnd(38)} ${String(n).padStart(6)} B  ~${String(Math.round((gzip * n) / total)).padStart(5)} B gzip`);
}
