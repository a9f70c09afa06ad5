import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { ENV } from './helpers.js';

const base = { ...ENV, ONTRAPORT_PIXEL_HOST: 'acme.ontraport.com' };

describe('readConfig', () => {
  it('takes the defaults the docs list', () => {
    const r = readConfig(base);
    expect(r.ok && r.config).toMatchObject({ port: 8787, sales: 'pixel', attribution: 'last', db: './partner-pixel-bridge.sqlite', ontraport: { apiUrl: 'https://api.ontraport.com', pixelOrigin: 'https://acme.ontraport.com' }, partnerFields: { orid: 'custom_field1', sid: 'custom_field2', opid: 'custom_field3' } });
  });
  it('names the variable and echoes a bad value', () => {
    const r = readConfig({ ...base, PORT: 'eighty', BRIDGE_SALES: 'both', ONTRAPORT_PIXEL_HOST: 'evil.example.com', BRIDGE_PARTNER_FIELDS: 'orid:custom_field11' });
    expect(r.ok).toBe(false);
    const text = !r.ok ? r.errors.join('\n') : '';
    expect(text).toContain('PORT="eighty"');
    expect(text).toContain('BRIDGE_SALES="both"');
    expect(text).toContain('ONTRAPORT_PIXEL_HOST="evil.example.com"');
    expect(text).toContain('BRIDGE_PARTNER_FIELDS="orid:custom_field11"');
  });
  it('accepts a loopback pixel host over http, refuses an http URL elsewhere', () => {
    const r = readConfig({ ...base, ONTRAPORT_PIXEL_HOST: '127.0.0.1:8080', ONTRAPORT_API_URL: 'http://api.ontraport.com' });
    expect(r.ok ? '' : r.errors.join()).toContain('ONTRAPORT_API_URL="http://api.ontraport.com"');
    const ok = readConfig({ ...base, ONTRAPORT_PIXEL_HOST: '127.0.0.1:8080' });
    expect(ok.ok && ok.config.ontraport.pixelOrigin).toBe('http://127.0.0.1:8080');
  });
  it('never echoes a secret', () => {
    const r = readConfig({ ...base, ONTRAPORT_API_KEY: 'sekret\u0001value' });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain('sekret');
    expect(readConfig({}).ok ? '' : (readConfig({}) as { errors: string[] }).errors.join()).toContain('ONTRAPORT_APP_ID is not set');
  });
});
