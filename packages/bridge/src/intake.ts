/**
 * The webhook endpoint on node:http (two routes do not need a framework): basic auth compared
 * in constant time, a gzip body (`Content-Encoding: gzip`) inflated within the size limit, the
 * envelope checked with zod, every event stored in one SQLite
 * transaction, and only then a 2xx.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { SalesMode } from './config.js';
import { classify } from './events.js';
import type { Mapping } from './mapping.js';
import type { Store } from './store.js';
import { Envelope, explain } from './ultracart.js';

export interface IntakeOptions {
  store: Store;
  user: string;
  password: string;
  sales: SalesMode;
  mapping: Mapping;
  /** Largest body accepted, in bytes, as sent and (gzip) inflated. @defaultValue 8 MiB */
  maxBody?: number;
  /** Called after events are stored, to wake the worker. */
  onStored?: () => void;
  now?: () => number;
}

// Hashing first makes both sides the same length, so the compare leaks neither length nor content.
const digest = (s: string) => createHash('sha256').update(s).digest();

export function authorized(header: string | undefined, user: string, password: string): boolean {
  const expected = digest('Basic ' + Buffer.from(`${user}:${password}`).toString('base64'));
  return timingSafeEqual(digest(header ?? ''), expected);
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = Number(req.headers['content-length'] || 0);
    if (size > max) return resolve('too large');
    size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) { resolve('too large'); req.destroy(); } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const inflate = promisify(gunzip);

/**
 * The body as sent, or inflated when `Content-Encoding: gzip`, never past `max` bytes either
 * way (a small gzip body can inflate to gigabytes); a reason with its status otherwise.
 */
async function decoded(req: IncomingMessage, body: Buffer, max: number): Promise<Buffer | { status: number; error: string }> {
  const encoding = String(req.headers['content-encoding'] || 'identity').trim().toLowerCase();
  if (encoding == 'identity') return body;
  if (encoding != 'gzip') return { status: 415, error: `Content-Encoding ${JSON.stringify(encoding)} is not supported: send identity or gzip` };
  try {
    return await inflate(body, { maxOutputLength: max });
  } catch (error) {
    if ((error as { code?: string }).code == 'ERR_BUFFER_TOO_LARGE') return { status: 413, error: `body inflates past ${max} bytes` };
    return { status: 400, error: 'body is not valid gzip' };
  }
}

const send = (res: ServerResponse, status: number, body: object) => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
};

export function createIntake(o: IntakeOptions): Server {
  const max = o.maxBody ?? 8 * 1024 * 1024;
  const now = o.now ?? Date.now;
  async function webhook(req: IncomingMessage, res: ServerResponse) {
    if (!authorized(req.headers.authorization, o.user, o.password)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="partner-pixel-bridge"');
      return send(res, 401, { error: 'wrong or missing credentials' });
    }
    const body = await readBody(req, max);
    if (body == 'too large') { res.setHeader('Connection', 'close'); return send(res, 413, { error: `body over ${max} bytes` }); }
    const plain = await decoded(req, body, max);
    if ('error' in plain) return send(res, plain.status, { error: plain.error });
    let json: unknown;
    try { json = JSON.parse(plain.toString('utf8')); } catch { return send(res, 400, { error: 'body is not JSON' }); }
    const envelope = Envelope.safeParse(json);
    if (!envelope.success) return send(res, 400, { error: `not an UltraCart webhook envelope: ${explain(envelope.error)}` });
    const events = envelope.data.events.map((e) => {
      const [name, object] = Object.entries(e)[0];
      return classify(name, object, o.sales, o.mapping);
    });
    const stored = o.store.intake(events, now());
    o.onStored?.();
    const count = (s: string) => stored.filter((e) => e.status == s).length;
    send(res, 200, {
      stored: stored.length, queued: count('queued'), duplicate: count('duplicate'), ignored: count('ignored'), refused: count('refused'),
      refusals: stored.filter((e) => e.status == 'refused').map((e) => ({ event: e.name, reason: e.reason })),
    });
  }
  return createServer((req, res) => {
    const path = (req.url || '').split('?')[0];
    if (req.method == 'GET' && path == '/healthz') return send(res, 200, { ok: true });
    if (path != '/ultracart/webhook') return send(res, 404, { error: 'not found' });
    if (req.method != 'POST') return send(res, 405, { error: 'POST only' });
    webhook(req, res).catch((error) => send(res, 500, { error: 'not stored: ' + (error as Error).message }));
  });
}
