/**
 * Step 4 of the flow: one GET of the pixel URL, as a request the browser finishes by itself
 * when the page goes away at once: `fetch` with `keepalive` (no-cors, so it needs no CORS
 * answer from ONTRAPORT). An image request, which WebKit drops when the page navigates before
 * a connection to the pixel host is open, is only the fallback for a fetch that failed (a
 * strict CSP without `connect-src`, a network error) or is missing, while the page stays.
 * docs/delivery.md says why, and what each choice costs.
 */

/**
 * Resolves true when the endpoint answered, false when the request failed. A no-cors answer
 * is opaque: any HTTP status counts as an answer (docs/delivery.md, "opaque answers").
 * `onHandoff` runs when the page goes away while the fetch is still in flight: the browser
 * finishes it on its own, and the page never learns how it ended. `onFallback` runs just
 * before the image is sent instead, which a page that goes can cut off.
 */
export function transmit(
  url: string,
  timeoutMs: number,
  onHandoff: () => void,
  onFallback: () => void,
): Promise<boolean> {
  return new Promise((resolve) => {
    let gone = false;
    const handoff = () => {
      gone = true;
      onHandoff();
    };
    const off = () => removeEventListener('pagehide', handoff);
    const fallback = () => {
      off();
      onFallback();
      viaImage(url, timeoutMs, resolve);
    };
    addEventListener('pagehide', handoff, { once: true });
    try {
      // Not aborted on a timeout: a slow answer is waited for, as a repeat could double it.
      fetch(url, { keepalive: true, mode: 'no-cors', credentials: 'include' }).then(
        () => {
          off();
          resolve(true);
        },
        // Chromium rejects a keepalive fetch whose page is unloading ("Failed to fetch"), after
        // pagehide, and still delivers it from the browser: an image then would be a second
        // request. After pagehide a failure cannot be told from that, so it is not repeated.
        () => (gone ? resolve(true) : fallback()),
      );
    } catch {
      fallback();
    }
  });
}

/** The fallback: an image tells an answer (load) from a failure or a 5xx (error). */
function viaImage(url: string, timeoutMs: number, resolve: (ok: boolean) => void): void {
  const img = new Image();
  const done = (ok: boolean) => {
    clearTimeout(timer);
    img.onload = img.onerror = null;
    // Cancel a load that timed out: Blink would fold the retry of the same URL into it.
    if (!ok) img.src = '';
    resolve(ok);
  };
  const timer = setTimeout(() => done(false), timeoutMs);
  img.onload = () => done(true);
  img.onerror = () => done(false);
  img.src = url;
}
