/**
 * HTTP helpers the simulated sites share: an uncached HTML response, a form or JSON body as
 * flat strings, a cookie from the raw header, the empty favicon answer, and the guard that
 * keeps other sites from changing a simulator.
 */
import { HttpResponse } from 'msw';

/** An HTML response; pages are never cached, so a reload always shows the simulator's state. */
export const htmlResponse = (html: string, status = 200): Response =>
  new HttpResponse(html, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });

/** Reads a form or JSON body into a flat record of strings (first value of each field). */
export async function readBody(request: Request): Promise<Record<string, string>> {
  const type = request.headers.get('content-type') || '';
  const out: Record<string, string> = {};
  if (type.includes('application/json')) {
    let data: unknown;
    try {
      data = await request.json();
    } catch {
      return out;
    }
    if (data && typeof data == 'object')
      for (const [k, v] of Object.entries(data)) if (v != null) out[k] = String(v);
    return out;
  }
  const params = new URLSearchParams(await request.text());
  for (const [k, v] of params) if (!(k in out)) out[k] = v;
  return out;
}

/** Reads a cookie from a raw `Cookie` header (the only cookie source handlers may use). */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() == name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The sites have no icon; answering keeps browsers' automatic request out of the error console. */
export const noFavicon = (): Response => new HttpResponse(null, { status: 204 });

/**
 * Wraps a handler that changes the simulator (the control API, the store's admin) so that only
 * its own pages and clients without a browser may call it: a request whose `Origin` header
 * names another site (a page elsewhere posting to the sandbox on loopback, `Origin: null`
 * included) gets 403 and changes nothing. Browsers send `Origin` on every POST; tests and
 * scripts send none.
 */
export function ownOriginOnly<A extends { request: Request }>(origin: string, handler: (args: A) => Response | Promise<Response>) {
  const own = new URL(origin).origin;
  return (args: A): Response | Promise<Response> => {
    const from = args.request.headers.get('origin');
    if (from != null && from != own)
      return new HttpResponse(`refused: a request from ${JSON.stringify(from)} may not change ${own}; use its own pages, or a client that sends no Origin`, {
        status: 403,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    return handler(args);
  };
}
