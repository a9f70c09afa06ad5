/**
 * A size study behind docs/performance.md: what the script tag would weigh if
 * it were built differently. It answers one question, whether the 2,048 B gzip goal can be met
 * by a tag that does the receipt's work, and is not part of `npm test` or `npm run bench`.
 * Every variant is built with the root rollup config's script-tag plugins (TypeScript,
 * node-resolve, the same terser settings), so only the source differs. Run `npm run build`
 * first: the first row is the real build.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import configs from '../../../rollup.config.mjs';
import { measure } from '../lib/sizes.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const tag = configs.find((c) => c.output.format == 'iife');

async function build(input, extraPlugins = []) {
  const bundle = await rollup({ ...tag, input, plugins: [...extraPlugins, ...tag.plugins], onwarn: () => {} });
  try {
    return (await bundle.generate(tag.output)).output[0].code;
  } finally {
    await bundle.close();
  }
}

// js-cookie swapped for a 15-line helper with the same get/set/remove calls we make.
const tinyCookie = {
  name: 'tiny-cookie',
  resolveId: (id) => (id == 'js-cookie' ? here('tiny-cookie.js') : null),
};

const rows = [
  ['the script tag as built (dist/partner-pixel.min.js)', readFileSync(here('../../pixel/dist/partner-pixel.min.js'), 'utf8')],
  ['the same tag, js-cookie replaced by tiny-cookie.js', await build(tag.input, [tinyCookie])],
  ['dense-tag.js: the same features in one file, written for size (untested)', await build(here('dense-tag.js'))],
  ['capture-tag.js: referral cookie and link decoration only, no receipt logic', await build(here('capture-tag.js'))],
];
console.log('variant'.padEnd(78), 'raw'.padStart(6), 'gzip'.padStart(6), 'brotli'.padStart(7));
for (const [label, code] of rows) {
  const s = measure(code);
  console.log(label.padEnd(78), String(s.raw).padStart(6), String(s.gzip).padStart(6), String(s.brotli).padStart(7));
}
console.log('goal: 2048 B gzip, js-cookie included');
