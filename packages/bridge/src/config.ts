/**
 * The bridge's settings, read from the environment once at start. Pure: `readConfig(env)`
 * returns every problem at once, each naming the variable and echoing the bad value, except a
 * secret's, which is never echoed.
 */
import { checkHost } from 'partner-pixel/wire';

export type SalesMode = 'pixel' | 'api' | 'off';

/**
 * Which order custom field carries each referral parameter: `orid`/`sid`/`opid` hold the last
 * (or only) referral; `first_orid`/`first_sid`/`first_opid`, when mapped, the first one.
 */
export type PartnerFields = { orid: string; sid?: string; opid?: string; first_orid?: string; first_sid?: string; first_opid?: string };

/** Which referral is credited when an order carries both a first and a last one. */
export type Attribution = 'first' | 'last';

const PARTNER_KEYS = ['orid', 'sid', 'opid', 'first_orid', 'first_sid', 'first_opid'];

export interface BridgeConfig {
  ontraport: { appId: string; apiKey: string; apiUrl: string; pixelOrigin: string };
  ultracart: { apiKey?: string; apiUrl: string };
  webhook: { user: string; password: string };
  /** SQLite file. @defaultValue './partner-pixel-bridge.sqlite' */
  db: string;
  /** @defaultValue 8787 */
  port: number;
  /** @defaultValue 'pixel' */
  sales: SalesMode;
  /** Which referral a sale credits when the order carries both (`first_orid` mapped). @defaultValue 'last' */
  attribution: Attribution;
  /** @defaultValue orid:custom_field1, sid:custom_field2, opid:custom_field3 */
  partnerFields: PartnerFields;
}

export type ConfigResult = { ok: true; config: BridgeConfig } | { ok: false; errors: string[] };

const FIELD = /^custom_field([1-9]|10)$/;
const LOOPBACK_URL = /^http:\/\/(localhost|127(\.\d{1,3}){3})(:\d{1,5})?(\/|$)/;

/** Parses `orid:custom_field1,sid:custom_field2,first_orid:custom_field4`; orid is required. */
export function parsePartnerFields(value: string): PartnerFields | string {
  const out: Record<string, string> = {};
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [key, field] = part.split(':').map((s) => s?.trim());
    if (!PARTNER_KEYS.includes(key) || !field || !FIELD.test(field) || out[key])
      return `"${part}" is not ${PARTNER_KEYS.join('|')}:custom_field1..10 (each key once)`;
    out[key] = field;
  }
  if (!out.orid) return 'orid:custom_fieldN is required';
  if ((out.first_sid || out.first_opid) && !out.first_orid) return 'first_sid and first_opid need first_orid';
  return out as PartnerFields;
}

/** An https URL (or http on loopback, for a local test server), without a trailing slash. */
function checkUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol != 'https:' && !LOOPBACK_URL.test(value)) return undefined;
    return value.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/** Reads and checks every setting; never throws. */
export function readConfig(env: Record<string, string | undefined>): ConfigResult {
  const errors: string[] = [];
  const get = (name: string, fallback?: string) => {
    const v = env[name]?.trim();
    return v ? v : fallback;
  };
  const secret = (name: string) => {
    const v = get(name);
    if (!v) errors.push(`${name} is not set`);
    else if (/[\0-\x1f\x7f]/.test(v)) errors.push(`${name} holds control characters (value not shown)`); // eslint-disable-line no-control-regex
    return v || '';
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const v = get(name, fallback)!;
    if (!(allowed as readonly string[]).includes(v)) errors.push(`${name}=${JSON.stringify(v)}: must be one of ${allowed.join(', ')}`);
    return v as T;
  };
  const url = (name: string, fallback: string) => {
    const v = get(name, fallback)!;
    const ok = checkUrl(v);
    if (!ok) errors.push(`${name}=${JSON.stringify(v)}: must be an https URL (http only on 127.0.0.1 or localhost)`);
    return ok || '';
  };

  const sales = oneOf('BRIDGE_SALES', ['pixel', 'api', 'off'] as const, 'pixel');
  const attribution = oneOf('BRIDGE_ATTRIBUTION', ['first', 'last'] as const, 'last');
  const appId = secret('ONTRAPORT_APP_ID');
  const apiKey = secret('ONTRAPORT_API_KEY');
  const apiUrl = url('ONTRAPORT_API_URL', 'https://api.ontraport.com');
  const ucUrl = url('ULTRACART_API_URL', 'https://secure.ultracart.com/rest/v2');
  const user = secret('BRIDGE_WEBHOOK_USER');
  const password = secret('BRIDGE_WEBHOOK_PASSWORD');
  const ucKey = get('ULTRACART_API_KEY');

  const hostValue = get('ONTRAPORT_PIXEL_HOST');
  let pixelOrigin = '';
  if (!hostValue) {
    if (sales == 'pixel') errors.push('ONTRAPORT_PIXEL_HOST is not set (needed by BRIDGE_SALES=pixel), e.g. acme.ontraport.com');
  } else {
    // A loopback host is let through over http so a merchant can aim at a local test server.
    const loopback = /^(localhost|127(\.\d{1,3}){3})(:\d{1,5})?$/.test(hostValue.toLowerCase());
    const host = checkHost(hostValue, loopback ? [hostValue] : []);
    if ('error' in host) errors.push(`ONTRAPORT_PIXEL_HOST=${JSON.stringify(hostValue)}: ${host.error.replace(/^subdomain \S+: /, '')}`);
    else pixelOrigin = host.origin;
  }

  const portValue = get('PORT', '8787')!;
  const port = /^\d{1,5}$/.test(portValue) && +portValue <= 65535 ? +portValue : NaN;
  if (Number.isNaN(port)) errors.push(`PORT=${JSON.stringify(portValue)}: must be a whole number from 0 to 65535`);

  const fieldsValue = get('BRIDGE_PARTNER_FIELDS', 'orid:custom_field1,sid:custom_field2,opid:custom_field3')!;
  const partnerFields = parsePartnerFields(fieldsValue);
  if (typeof partnerFields == 'string') errors.push(`BRIDGE_PARTNER_FIELDS=${JSON.stringify(fieldsValue)}: ${partnerFields}`);

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    config: {
      ontraport: { appId, apiKey, apiUrl, pixelOrigin },
      ultracart: { apiUrl: ucUrl, ...(ucKey ? { apiKey: ucKey } : {}) },
      webhook: { user, password },
      db: get('BRIDGE_DB', './partner-pixel-bridge.sqlite')!,
      port,
      sales,
      attribution,
      partnerFields: partnerFields as PartnerFields,
    },
  };
}
