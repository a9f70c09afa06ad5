/** Types of scripts/integrity.mjs, for the tests that import it. */
export declare const integrity: (code: string | Uint8Array) => string;
