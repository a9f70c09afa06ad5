/**
 * "Tag + bridge" in the sandbox and the browser tests: the real bridge, started in-process on
 * loopback with an in-memory SQLite queue, taking the simulated store's webhooks and calling
 * the simulated ONTRAPORT's REST API and server-side pixel, on the same account the dashboard
 * shows. The bridge's REST host is a loopback http server of its own, as ONTRAPORT's API host
 * is not the pixel's. The harness does not depend on the bridge package: the caller hands in
 * its `readConfig` and `startBridge`.
 */
import { randomBytes } from 'node:crypto';
import { startServer } from '../server/server.js';
import { BRIDGE_CUSTOM_FIELDS, type Simulation } from '../simulation.js';

/** What the sandbox uses of `@partner-pixel/bridge`. */
export interface BridgeModule {
  readConfig(env: Record<string, string | undefined>): { ok: true; config: unknown } | { ok: false; errors: string[] };
  startBridge(o: { config: never; log?: (line: string) => void; backoffMs?: number; listen?: string }): Promise<{ port: number; close(): Promise<void> }>;
}

export interface BridgeLinkOptions {
  /** How the bridge reports sales (`BRIDGE_SALES`). @defaultValue 'pixel' */
  sales?: 'pixel' | 'api';
  /** The bridge's log lines (`done sale:UC-…`, retries, give-ups). @defaultValue none */
  log?: (line: string) => void;
  /** The SQLite file. @defaultValue ':memory:' (gone when the sandbox stops) */
  db?: string;
}

/** Starts the bridge for `sim`, connects the store's webhook to it, and switches nothing yet. */
export async function linkBridge(sim: Simulation, bridge: BridgeModule, o: BridgeLinkOptions = {}) {
  const api = await startServer({ handlers: [], https: false });
  const apiOrigin = `http://127.0.0.1:${api.port}`;
  // Fresh secrets each run: the webhook's basic auth and the API key are checked as for real.
  const secret = () => randomBytes(12).toString('hex');
  const appId = 'sandbox-app';
  const apiKey = secret();
  const rest = sim.ontraport.restApi({ origin: apiOrigin, appId, apiKey });
  api.use(...rest.handlers);
  const webhook = { user: 'ultracart', password: secret() };
  const env = {
    ONTRAPORT_APP_ID: appId, ONTRAPORT_API_KEY: apiKey, ONTRAPORT_API_URL: apiOrigin, ONTRAPORT_PIXEL_HOST: `127.0.0.1:${api.port}`,
    BRIDGE_WEBHOOK_USER: webhook.user, BRIDGE_WEBHOOK_PASSWORD: webhook.password, BRIDGE_DB: o.db ?? ':memory:', PORT: '0',
    BRIDGE_SALES: o.sales ?? 'pixel', BRIDGE_ATTRIBUTION: sim.ontraport.attribution,
    // Told, not assumed: the fields the page tag writes (`orid:1` -> `orid:custom_field1`).
    BRIDGE_PARTNER_FIELDS: BRIDGE_CUSTOM_FIELDS.replace(/:(\d+)/g, ':custom_field$1'),
  };
  const config = bridge.readConfig(env);
  if (!config.ok) throw new Error(`bridge settings refused: ${config.errors.join('; ')}`);
  const running = await bridge.startBridge({ config: config.config as never, log: o.log, backoffMs: 500, listen: '127.0.0.1' });
  const webhookUrl = `http://127.0.0.1:${running.port}/ultracart/webhook`;
  sim.store.connectWebhooks({ url: webhookUrl, ...webhook });
  return {
    rest,
    apiOrigin,
    webhookUrl,
    async close() {
      sim.store.webhooks.stop();
      await running.close();
      await api.close();
    },
  };
}

export type BridgeLink = Awaited<ReturnType<typeof linkBridge>>;
