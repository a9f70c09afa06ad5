/**
 * Serves msw request handlers over a real Node http or https server. Browsers must talk to a
 * real server for cookies to be true: a Playwright route handler sees cookies the browser
 * would never send, and cannot serve a redirect (see docs/browser-testing.md). The server
 * dispatches on the `Host` header, so one port serves every simulated site.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import { selfSignedCertificate, type CertificatePair } from './certs.js';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** The msw handlers that answer requests, first match wins. */
  handlers: RequestHandler[];
  /**
   * Serve https (with `cert`, or a fresh self-signed certificate) rather than plain http.
   * @defaultValue true
   */
  https?: boolean;
  /**
   * Port to listen on; 0 picks a free one (read it back from {@link HarnessServer.port}).
   * @defaultValue 0
   */
  port?: number;
  /**
   * Address to listen on. Loopback, so that nothing outside the machine can reach it.
   * @defaultValue '127.0.0.1'
   */
  listen?: string;
  /**
   * Key and certificate for https.
   * @defaultValue a self-signed certificate for `hosts` (or `localhost`), made at start
   */
  cert?: CertificatePair;
  /**
   * Host names the self-signed certificate covers when `cert` is not given.
   * @defaultValue ['localhost']
   */
  hosts?: string[];
}

/** A running server. */
export interface HarnessServer {
  /** The port it listens on. */
  port: number;
  /** Whether it serves https. */
  https: boolean;
  /** Stops listening and cuts open connections. */
  close(): Promise<void>;
  /** Puts handlers in front of the current ones (a test's extra pages or overrides). */
  use(...handlers: RequestHandler[]): void;
  /** Drops every handler added by {@link HarnessServer.use}, keeping the initial ones. */
  resetHandlers(): void;
}

// Hop-by-hop headers describe the Node connection, not the request; `Request` must not get them.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

/** Starts a server answering every request with the first matching msw handler, or 404. */
export async function startServer(options: ServerOptions): Promise<HarnessServer> {
  const secure = options.https ?? true;
  const initial = [...options.handlers];
  let handlers = [...initial];

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    answer(req, res, secure ? 'https' : 'http', handlers).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`harness server error: ${error instanceof Error ? error.stack || error.message : String(error)}`);
    });
  };

  const server = secure
    ? createHttpsServer(options.cert ?? (await selfSignedCertificate(options.hosts ?? ['localhost'])), handle)
    : createHttpServer(handle);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.listen ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    https: secure,
    use: (...extra) => {
      handlers = [...extra, ...handlers];
    },
    resetHandlers: () => {
      handlers = [...initial];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Browsers keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, scheme: string, handlers: RequestHandler[]) {
  const request = await toRequest(req, scheme);
  const response = await getResponse(handlers, request);
  if (!response) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`no handler for ${request.method} ${request.url}`);
    return;
  }
  if (response.type == 'error') {
    // `Response.error()` (msw's `HttpResponse.error()`): a network failure, as a dropped
    // connection; the browser sees no answer at all.
    res.destroy();
    return;
  }
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    // Node computes the length itself; a stale one from the Response would truncate or hang.
    if (name != 'set-cookie' && name != 'content-length') headers[name] = value;
  });
  // Headers.forEach joins Set-Cookie with commas, which breaks cookies carrying Expires dates.
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  const body = req.method == 'HEAD' || !response.body ? undefined : Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, response.statusText || undefined, headers);
  res.end(body);
}

async function toRequest(req: IncomingMessage, scheme: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value == null || HOP_BY_HOP.has(name) || name.startsWith(':')) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  const init: RequestInit = { method, headers };
  if (method != 'GET' && method != 'HEAD') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    init.body = Buffer.concat(chunks);
  }
  return new Request(`${scheme}://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, init);
}
