/**
 * Size table: every variant bundled the way a merchant's build would (rollup, node-resolve for
 * the browser, terser), then measured raw, gzip and brotli with Node's zlib at maximum levels,
 * the levels a CDN serving static files would use.
 */
import { readFile } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

/** Bundles one entry file into a minified IIFE and returns its code. */
export async function bundle(entry) {
  const build = await rollup({
    input: entry,
    plugins: [nodeResolve({ browser: true }), terser({ format: { comments: false } })],
    // Peers' own warnings (e.g. `this` at top level) are theirs, not the bench's.
    onwarn: () => {},
  });
  try {
    const { output } = await build.generate({ format: 'iife', name: 'bench' });
    return output[0].code;
  } finally {
    await build.close();
  }
}

/** Raw, gzip -9 and brotli q11 byte counts of some code. */
export function measure(code) {
  const buf = Buffer.from(code);
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
}

/** Builds every variant that has an entry (or a prebuilt file) and returns code plus sizes. */
export async function buildAll(variants) {
  const out = {};
  for (const v of variants) {
    const code = v.file ? await readFile(v.file, 'utf8') : await bundle(v.entry);
    out[v.id] = { code, size: measure(code) };
  }
  return out;
}
