// Builds the pixel package two ways: the npm ESM entry points with their type declarations,
// and the self-running script-tag IIFE that merchants paste on their pages. The harness is
// plain TypeScript compiled by tsc (see its package.json), since it is never shipped to a page.
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const pkg = 'packages/pixel';

export default [
  {
    input: { index: `${pkg}/src/index.ts`, wire: `${pkg}/src/wire.ts` },
    external: ['js-cookie'],
    output: { dir: `${pkg}/dist`, format: 'es', entryFileNames: '[name].js', chunkFileNames: 'shared/[name].js' },
    plugins: [
      typescript({
        tsconfig: `${pkg}/tsconfig.json`,
        outDir: `${pkg}/dist`,
        declaration: true,
        declarationDir: `${pkg}/dist`,
      }),
    ],
  },
  {
    input: `${pkg}/src/script.ts`,
    output: {
      file: `${pkg}/dist/partner-pixel.min.js`,
      format: 'iife',
      // The IIFE defines nothing global itself; it installs window.partnerPixel at run time.
      strict: false,
    },
    plugins: [
      nodeResolve({ browser: true }),
      typescript({ tsconfig: `${pkg}/tsconfig.json`, declaration: false, declarationDir: undefined, outDir: `${pkg}/dist` }),
      terser({
        ecma: 2019,
        // inline: 1 inlines simple functions only, not those with arguments or variables: the
        // deeper levels turn calls into bodies with hoisted `var`s, about 20 B more in gzip here.
        // The level changes how the output is written, never what it does.
        compress: { passes: 3, unsafe: true, unsafe_arrows: true, pure_getters: true, inline: 1 },
        mangle: { properties: false },
        format: { comments: false },
      }),
    ],
  },
];
