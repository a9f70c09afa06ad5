/**
 * Escaping for the simulators' pages: text for HTML, JSON for a `<script>` element, and
 * attribute lists. Everything a page shows from an order or a pixel goes through here.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML content and quoted attribute values. */
export const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

/**
 * JSON safe inside a `<script>` element: `<` becomes `\u003c`, so no value can close the
 * element or open a comment; U+2028/9 are escaped for old parsers.
 */
export const jsonForScript = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** Attributes from a record; undefined and false are left out, true is a bare attribute. */
export function attrs(values: Record<string, string | boolean | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeHtml(v)}"`))
    .join('');
}
