/**
 * A local CONNECT proxy: the way Firefox and WebKit reach the simulated hosts without root and
 * without touching the machine's hosts file. The browser asks it for `secure.ultracart.com:443`;
 * it opens a tunnel to the harness server's loopback port instead, and the browser speaks TLS
 * through it to that server (which holds a certificate for the names). Every other destination
 * is refused and noted, so nothing leaves the machine and a test can say what was tried.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface HostProxy {
  /** The proxy's loopback port. */
  port: number;
  /** Destinations refused so far (`host:port`), in order. */
  refused: string[];
  close(): Promise<void>;
}

/** Starts the proxy; `hosts` tunnel to `127.0.0.1:targetPort`, everything else is refused. */
export async function startHostProxy(hosts: string[], targetPort: number): Promise<HostProxy> {
  const allowed = new Set(hosts.map((h) => h.toLowerCase()));
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    // Plain http through the proxy: the simulated sites are https only, and nothing else may go out.
    refused.push(req.headers.host ?? req.url ?? '?');
    res.writeHead(403, { 'content-type': 'text/plain' }).end('blocked by the test proxy');
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const target = req.url ?? '';
    const host = target.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
    if (!allowed.has(host)) {
      refused.push(target);
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
