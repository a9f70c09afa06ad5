/**
 * Which Chromium the browser tests run, and how: a system Chromium first (Debian's works and
 * needs no download), else Playwright's own; flags that keep it quiet and off the network;
 * and resolver rules that point the simulated host names at the local server and nothing
 * else anywhere.
 */
import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

/** Environment variables naming a Chromium binary, checked in this order. */
export const CHROMIUM_ENV = ['PARTNER_PIXEL_CHROMIUM', 'CHROMIUM_PATH'] as const;

/** Where system Chromium builds usually live. */
export const SYSTEM_CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
];

/**
 * The Chromium to launch: `PARTNER_PIXEL_CHROMIUM` or `CHROMIUM_PATH`, then a system build,
 * then the one `npx playwright install chromium` downloads, if present.
 * @returns the executable path, or undefined when none exists (Playwright then reports it)
 */
export function findChromium(): string | undefined {
  for (const name of CHROMIUM_ENV) {
    const path = process.env[name];
    if (path && existsSync(path)) return path;
  }
  const system = SYSTEM_CHROMIUM_PATHS.find((path) => existsSync(path));
  if (system) return system;
  try {
    const own = chromium.executablePath();
    return own && existsSync(own) ? own : undefined;
  } catch {
    // Playwright throws when it has no browser registry entry for this platform.
    return undefined;
  }
}

/**
 * Flags for every launch. No sandbox (containers run as root), and nothing that phones home
 * (updates, sync, field trials, QUIC probes): the tests run with the network closed.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * The value of `--host-resolver-rules`: each host to 127.0.0.1:port, every other name
 * unresolvable, loopback untouched. With it the browser reaches the local server by the
 * realistic names and nothing else on any network.
 */
export function hostResolverRules(hosts: string[], port: number): string {
  return [
    ...hosts.map((host) => `MAP ${host} 127.0.0.1:${port}`),
    'MAP * ~NOTFOUND',
    'EXCLUDE localhost',
    'EXCLUDE 127.0.0.1',
  ].join(', ');
}

/** Options of {@link launchOptions}. */
export interface BrowserLaunchSettings {
  /**
   * Host names to map to the local server.
   * @defaultValue [] (only loopback resolves)
   */
  hosts?: string[];
  /**
   * Port of the local server the hosts map to. Required when `hosts` is not empty.
   * @defaultValue undefined
   */
  port?: number;
  /**
   * Extra Chromium flags, after {@link CHROMIUM_ARGS}.
   * @defaultValue []
   */
  args?: string[];
  /**
   * Show the window.
   * @defaultValue false
   */
  headed?: boolean;
}

/**
 * The one place Chromium's command line is composed: {@link CHROMIUM_ARGS}, the resolver
 * rules for the simulated hosts, then `args` (each flag once). The fixtures, `launchOptions`
 * and the bench all take it from here.
 */
export function chromiumArgs(settings: Pick<BrowserLaunchSettings, 'hosts' | 'port' | 'args'> = {}): string[] {
  const hosts = settings.hosts ?? [];
  if (hosts.length && settings.port == null) throw new Error('chromiumArgs: hosts need the port of the local server');
  const resolver = `--host-resolver-rules=${hostResolverRules(hosts, settings.port ?? 0)}`;
  const extra = (settings.args ?? []).filter((arg) => !arg.startsWith('--host-resolver-rules='));
  return [...new Set([...CHROMIUM_ARGS, ...extra]), resolver];
}

/**
 * Launch options for `chromium.launch` or `launchPersistentContext`: the found Chromium,
 * the standard flags, and the resolver rules for the simulated hosts.
 */
export function launchOptions(settings: BrowserLaunchSettings = {}): LaunchOptions {
  const executablePath = findChromium();
  return { headless: !settings.headed, args: chromiumArgs(settings), ...(executablePath ? { executablePath } : {}) };
}

/**
 * Whether a URL may leave the browser: loopback, or one of the simulated hosts. Contexts
 * abort everything else, beside the resolver rules.
 */
export function isAllowedUrl(url: string, hosts: string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol == 'data:' || parsed.protocol == 'blob:' || parsed.protocol == 'about:') return true;
  const host = parsed.hostname.toLowerCase();
  return (
    host == 'localhost' ||
    host.endsWith('.localhost') ||
    /^127(?:\.\d{1,3}){3}$/.test(host) ||
    host == '[::1]' ||
    hosts.some((h) => h.toLowerCase() == host)
  );
}
