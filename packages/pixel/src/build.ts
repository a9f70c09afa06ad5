/**
 * Which build this code is in. The npm build keeps this file as it is; the tag builds replace
 * it with their own values (rollup.config.mjs), so that rollup drops the code a build does not
 * need: the production tags carry no full-text diagnostics, the page tag no receipt logic.
 */

/** `npm` (the library), `page` and `receipt` (the production tags), `debug` (the debug build). */
export const TAG = 'npm' as 'npm' | 'page' | 'receipt' | 'debug';

/**
 * Full-text messages, the unknown-attribute checks and the debug report. On in the npm and
 * debug builds; off in the production tags, which print short reason codes and load the
 * debug build when debug mode is asked for.
 */
export const DIAGNOSTICS = true as boolean;

/** The package version, printed by the debug report. */
export const VERSION = '0.0.0-dev';
