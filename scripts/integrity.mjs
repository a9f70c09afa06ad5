// The Subresource Integrity value of a built file, as a merchant puts it in the script tag's
// `integrity` attribute: the build and scripts/size.mjs print it, and the engine suite loads
// each tag with it in Chromium, Firefox and WebKit (e2e/engines/integrity.engine.ts).
import { createHash } from 'node:crypto';

/** `sha384-` and the base64 SHA-384 digest of the file's bytes. */
export const integrity = (code) => 'sha384-' + createHash('sha384').update(code).digest('base64');
