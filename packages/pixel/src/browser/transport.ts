/**
 * Step 4 of the flow: one GET of the pixel URL. An image request tells success from failure
 * (a 5xx or a network error fires `error`) while the page lives; if the page goes away while
 * it is in flight, a keepalive fetch of the same URL is sent from `pagehide`, the one moment a
 * request is guaranteed to outlive the page. ONTRAPORT records an order id once, so the rare
 * double request this can make is harmless, while a lost one would cost a partner a sale.
 */

/** Resolves true when the endpoint answered with an image, false on error or timeout. */
export function transmit(url: string, timeoutMs: number, onRescue: () => void): Promise<boolean> {
  return new Promise((resolve) => {
    const img = new Image();
    const done = (ok: boolean) => {
      clearTimeout(timer);
      removeEventListener('pagehide', rescue);
      img.onload = img.onerror = null;
      // Cancel a load that timed out: Blink would fold the retry of the same URL into it.
      if (!ok) img.src = '';
      resolve(ok);
    };
    const rescue = () => {
      try {
        fetch(url, { keepalive: true, mode: 'no-cors', credentials: 'include' }).catch(() => {});
        onRescue();
      } catch {
        // No fetch, or a strict CSP without connect-src: the outbox retries on the next page.
      }
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    addEventListener('pagehide', rescue);
    img.onload = () => done(true);
    img.onerror = () => done(false);
    img.src = url;
  });
}
