// Where the Firefox ESR and WebKit the cross-engine tests drive live on this machine, found the
// same way by the installer (scripts/ensure-engines.mjs) and by the tests (e2e/engines/).
// Plain Node with no imports of ours: it runs before anything is built.
// Overrides: PARTNER_PIXEL_FIREFOX (a Firefox binary), PARTNER_PIXEL_WEBKIT_DRIVER,
// PARTNER_PIXEL_MINIBROWSER, PARTNER_PIXEL_XVFB (binaries), PARTNER_PIXEL_LIB_DIRS (where to look
// for MiniBrowser, separated like PATH). Setting one to a path that does not exist makes the
// engine count as missing, which is how the installer's "nothing installed" path is tried.
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What Debian calls the packages, per engine. */
export const PACKAGES = { firefox: ['firefox-esr'], webkit: ['webkit2gtk-driver', 'xvfb'] };

function onPath(command) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    const path = dir && join(dir, command);
    if (path && existsSync(path)) return path;
  }
  return undefined;
}

// An override wins, even when it points nowhere: then the engine is missing, said so.
function binary(envName, names) {
  const override = process.env[envName];
  if (override) return existsSync(override) ? override : undefined;
  for (const name of names) {
    const path = onPath(name);
    if (path) return path;
  }
  return undefined;
}

// Debian ships MiniBrowser in the library's own folder, e.g. /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/.
function miniBrowser() {
  const override = process.env.PARTNER_PIXEL_MINIBROWSER;
  if (override) return existsSync(override) ? override : undefined;
  const roots = (process.env.PARTNER_PIXEL_LIB_DIRS || ['/usr/lib', '/usr/lib64', '/usr/local/lib', '/usr/libexec'].join(delimiter)).split(delimiter);
  const candidates = [];
  const list = (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  for (const root of roots.filter(Boolean)) {
    const dirs = [root, ...list(root).map((d) => join(root, d))];
    for (const dir of dirs)
      for (const sub of list(dir)) if (/^webkit2?gtk-[\d.]+$/.test(sub)) candidates.push(join(dir, sub, 'MiniBrowser'));
  }
  // The newest API version first (webkit2gtk-4.1 before 4.0, webkitgtk-6.0 before both).
  return candidates.filter((p) => existsSync(p)).sort().reverse()[0];
}

/**
 * @returns {{ firefox: { ok: boolean, binary?: string, missing: string[] },
 *   webkit: { ok: boolean, driver?: string, miniBrowser?: string, xvfb?: string, missing: string[] } }}
 */
export function findEngines() {
  const firefox = binary('PARTNER_PIXEL_FIREFOX', ['firefox-esr', 'firefox']);
  const driver = binary('PARTNER_PIXEL_WEBKIT_DRIVER', ['WebKitWebDriver']);
  const mini = miniBrowser();
  const xvfb = binary('PARTNER_PIXEL_XVFB', ['Xvfb']);
  const missing = (pairs) => pairs.filter(([, v]) => !v).map(([k]) => k);
  const webkitMissing = missing([['WebKitWebDriver', driver], ['MiniBrowser', mini], ['Xvfb', xvfb]]);
  return {
    firefox: { ok: !!firefox, ...(firefox ? { binary: firefox } : {}), missing: firefox ? [] : ['firefox-esr'] },
    webkit: {
      ok: !webkitMissing.length,
      ...(driver ? { driver } : {}),
      ...(mini ? { miniBrowser: mini } : {}),
      ...(xvfb ? { xvfb } : {}),
      missing: webkitMissing,
    },
  };
}
