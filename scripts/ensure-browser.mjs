#!/usr/bin/env node
// Makes sure a Chromium exists before the browser tests run (`npm run test:e2e`), so that
// `npm test` works on a fresh machine: a system Chromium if there is one, else Debian's
// package when we may install it, else Playwright's own download. Plain Node on purpose: it
// runs before anything is built, so it must not import the harness.
// Keep the lookup order in step with findChromium() in packages/harness/src/playwright/chromium.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

const ENV = ['PARTNER_PIXEL_CHROMIUM', 'CHROMIUM_PATH'];
const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium'];

function systemChromium() {
  for (const name of ENV) {
    const path = process.env[name];
    if (path && existsSync(path)) return { path, via: `$${name}` };
    if (path) console.warn(`ensure-browser: $${name} is set to ${path}, which does not exist; ignoring it`);
  }
  const path = SYSTEM.find((p) => existsSync(p));
  return path ? { path, via: 'system' } : undefined;
}

// Playwright's own Chromium, asked of Playwright itself so the path matches its version.
function playwrightChromium() {
  try {
    const require = createRequire(join(process.cwd(), 'package.json'));
    const { chromium } = require('@playwright/test');
    const path = chromium.executablePath();
    return path && existsSync(path) ? { path, via: 'Playwright download' } : undefined;
  } catch {
    return undefined;
  }
}

const found = () => systemChromium() || playwrightChromium();

function onPath(command) {
  return (process.env.PATH || '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

// Streams the command's output: an install takes a while and should not look stuck.
function run(command, args) {
  console.log(`ensure-browser: running ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

function report(browser) {
  console.log(`ensure-browser: using Chromium at ${browser.path} (${browser.via})`);
  process.exit(0);
}

let browser = found();
if (browser) report(browser);

const isRoot = typeof process.getuid == 'function' && process.getuid() === 0;
if (onPath('apt-get') && isRoot) {
  if (run('apt-get', ['update']) && run('apt-get', ['install', '-y', 'chromium'])) {
    browser = found();
    if (browser) report(browser);
  }
  console.warn('ensure-browser: apt-get did not give us a Chromium; trying Playwright\'s download');
}

if (run(process.platform == 'win32' ? 'npx.cmd' : 'npx', ['playwright', 'install', 'chromium'])) {
  browser = found();
  if (browser) report(browser);
}

console.error(`ensure-browser: no Chromium found, and none could be installed.
The browser tests need one. Any of these works:
  - Debian/Ubuntu:  sudo apt-get install -y chromium   (or chromium-browser)
  - Playwright's:   npx playwright install --with-deps chromium
  - Your own build: export PARTNER_PIXEL_CHROMIUM=/path/to/chromium
Then run npm test again.`);
process.exit(1);
