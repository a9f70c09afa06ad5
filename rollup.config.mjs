// Builds the pixel package: the npm ESM entry points with their type declarations, and three
// self-running IIFEs from the same modules: the page tag (every page), the receipt tag (the
// receipt and lead forms) and the debug build (loaded by either in debug mode). The tags differ
// only by the values of src/build.ts, which a tiny plugin swaps in, so rollup drops what a tag
// does not use. The harness is plain TypeScript compiled by tsc (see its package.json).
import { readFileSync } from 'node:fs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { integrity } from './scripts/integrity.mjs';

const pkg = 'packages/pixel';
const { version } = JSON.parse(readFileSync(`${pkg}/package.json`, 'utf8'));

/** The script tags: file, entry, and whether it carries full-text diagnostics. */
export const TAGS = [
  { tag: 'page', input: `${pkg}/src/page-tag.ts`, file: `${pkg}/dist/partner-pixel.min.js`, diagnostics: false },
  { tag: 'receipt', input: `${pkg}/src/receipt-tag.ts`, file: `${pkg}/dist/partner-pixel-receipt.min.js`, diagnostics: false },
  { tag: 'debug', input: `${pkg}/src/debug-tag.ts`, file: `${pkg}/dist/partner-pixel-debug.min.js`, diagnostics: true },
];

/** Replaces src/build.ts with this tag's constants. */
const buildFlags = ({ tag, diagnostics }) => ({
  name: 'build-flags',
  load: (id) =>
    /[\\/]src[\\/]build\.ts$/.test(id)
      ? `export const TAG = ${JSON.stringify(tag)}; export const DIAGNOSTICS = ${diagnostics}; export const VERSION = ${JSON.stringify(version)};`
      : null,
});

/** Prints each written tag's integrity hash, for the `integrity` attribute of its script tag. */
const printIntegrity = () => ({
  name: 'print-integrity',
  writeBundle: ({ file }) => console.log(`${file}: integrity="${integrity(readFileSync(file))}"`),
});

/**
 * Internal-only property names the production tags shorten (see `mangle` below). `builtins`
 * lets names that browsers also use (`ok`, `order`, `cause`, `days`) be shortened too, so none
 * of these may ever be read off a browser object (a Response's `ok`, an Error's `cause`).
 */
const INTERNAL_PROPERTIES =
  /^(pixel|gpc|allowed|whenAllowed|credited|granted|days|durable|refusal|field|cause|expected|order|ok)$/;

/**
 * V8's file-wide compile hint: compile every function of the tag at once, not each at its first
 * call. Nearly every function of a tag runs on load, and compiling them one by one re-parses
 * nested code at each level; docs/performance.md measures what the line saves. Other engines
 * read it as a comment: the one comment terser keeps.
 */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * A tag's build. `t.withoutWarnings` (only `scripts/size.mjs --without-warnings`, never a shipped
 * file) also drops every console warning with its text, to measure what the warnings weigh.
 */
export const tagConfig = (t) => ({
  input: t.input,
  output: {
    file: t.file,
    format: 'iife',
    // The IIFE defines nothing global itself; it installs window.partnerPixel at run time.
    strict: false,
    banner: COMPILE_HINT,
  },
  plugins: [
    buildFlags(t),
    nodeResolve({ browser: true }),
    typescript({ tsconfig: `${pkg}/tsconfig.json`, declaration: false, declarationDir: undefined, outDir: `${pkg}/dist` }),
    terser({
      ecma: 2019,
      // inline: 1 inlines simple functions only, not those with arguments or variables: the
      // deeper levels turn calls into bodies with hoisted `var`s, about 20 B more in gzip here.
      // The level changes how the output is written, never what it does.
      // Without diagnostics, `log` (debug.ts) prints nothing: pure_funcs lets terser drop its
      // calls with their messages. Every `log` in src is that logger's.
      compress: {
        passes: 3,
        unsafe: true,
        unsafe_arrows: true,
        pure_getters: true,
        inline: 1,
        unsafe_methods: true,
        pure_funcs: t.diagnostics ? [] : ['log', ...(t.withoutWarnings ? ['warn', 'misread'] : [])],
      },
      // Property names that never leave the bundle (no wire key, public API name, option,
      // stored field or DOM name) are shortened in the production tags only: the source keeps
      // its names, and the debug build stays readable. List a name here only if nothing outside
      // the tag (the page, the ledger, the cookie, the debug build) ever reads it.
      mangle: { properties: t.diagnostics ? false : { regex: INTERNAL_PROPERTIES, builtins: true } },
      // A regular expression, not a function: the plugin copies its options into workers.
      format: { comments: new RegExp(`^${COMPILE_HINT.slice(2)}$`) },
    }),
    printIntegrity(),
  ],
});

export default [
  {
    input: { index: `${pkg}/src/index.ts`, wire: `${pkg}/src/wire.ts` },
    external: ['js-cookie'],
    output: { dir: `${pkg}/dist`, format: 'es', entryFileNames: '[name].js', chunkFileNames: 'shared/[name].js' },
    plugins: [
      buildFlags({ tag: 'npm', diagnostics: true }),
      typescript({
        tsconfig: `${pkg}/tsconfig.json`,
        outDir: `${pkg}/dist`,
        declaration: true,
        declarationDir: `${pkg}/dist`,
      }),
    ],
  },
  ...TAGS.map(tagConfig),
];
