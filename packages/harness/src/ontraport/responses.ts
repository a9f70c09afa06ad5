/**
 * The simulated ONTRAPORT's answers: the 1x1 GIF the pixel library counts a delivery by, and
 * plain text for refusals; never cached, readable from any origin as ONTRAPORT's are.
 */
import { HttpResponse } from 'msw';

/** A real 1x1 transparent GIF: the pixel library counts a delivery by the image's load event. */
const GIF = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (c) => c.charCodeAt(0));

export const gif = () =>
  new HttpResponse(GIF, {
    status: 200,
    headers: { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' },
  });

export const text = (body: string, status: number) =>
  new HttpResponse(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' },
  });
