/** Shared set-up: a simulated ONTRAPORT on loopback and a bridge pointed at it. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../harness/src/server/server.js';
import { createOntraportRest } from '../../harness/src/ontraport/rest-api.js';
import { readConfig, startBridge } from '../src/index.js';

export const tempDb = () => join(mkdtempSync(join(tmpdir(), 'ppb-')), 'bridge.sqlite');

export const ENV = { ONTRAPORT_APP_ID: 'app-1', ONTRAPORT_API_KEY: 'key-secret-1', BRIDGE_WEBHOOK_USER: 'uc', BRIDGE_WEBHOOK_PASSWORD: 'pw-secret-1' };

export async function setup(sales: 'pixel' | 'api' | 'off' = 'api', db = tempDb(), more: { env?: Record<string, string>; timeoutMs?: number } = {}) {
  const server = await startServer({ handlers: [], https: false });
  const origin = `http://127.0.0.1:${server.port}`;
  const ontraport = createOntraportRest({ origin, appId: ENV.ONTRAPORT_APP_ID, apiKey: ENV.ONTRAPORT_API_KEY });
  server.use(...ontraport.handlers);
  const env = { ...ENV, ONTRAPORT_API_URL: origin, ONTRAPORT_PIXEL_HOST: `127.0.0.1:${server.port}`, BRIDGE_SALES: sales, BRIDGE_DB: db, PORT: '0', ...more.env };
  const result = readConfig(env);
  if (!result.ok) throw new Error(result.errors.join('; '));
  const bridge = await startBridge({ config: result.config, backoffMs: 20, timeoutMs: more.timeoutMs ?? 2000 });
  const url = `http://127.0.0.1:${bridge.port}/ultracart/webhook`;
  return { server, ontraport, bridge, url, env, async close() { await bridge.close(); await server.close(); } };
}

export async function until(check: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
