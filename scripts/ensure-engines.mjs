#!/usr/bin/env node
// Makes sure Firefox ESR and WebKit (WebKitWebDriver + MiniBrowser under Xvfb) exist before the
// cross-engine tests run (`npm run test:engines`), so that `npm test` works on a fresh machine:
// found where they are, else Debian's packages when we are root with apt-get, else a clear
// message. A missing engine is not an error here: its cells are reported as skipped by the
// tests, never as passed. Exits non-zero only when an install was tried and failed.
//   --dry-run                       say what would be installed, install nothing
//   PARTNER_PIXEL_ENGINES_INSTALL=0 never install (find only)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findEngines, PACKAGES } from './engines.mjs';

const dryRun = process.argv.includes('--dry-run');
const say = (line) => console.log(`ensure-engines: ${line}`);

function describe(name, found) {
  if (name == 'firefox') return `Firefox at ${found.binary}`;
  return `WebKit: WebKitWebDriver at ${found.driver}, MiniBrowser at ${found.miniBrowser}, Xvfb at ${found.xvfb}`;
}

const onPath = (command) => (process.env.PATH || '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));

function run(command, args) {
  say(`running ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

let found = findEngines();
const missing = Object.keys(PACKAGES).filter((name) => !found[name].ok);
for (const name of Object.keys(PACKAGES)) if (found[name].ok) say(`using ${describe(name, found[name])}`);
if (!missing.length) process.exit(0);

const packages = missing.flatMap((name) => PACKAGES[name]);
for (const name of missing) say(`${name}: not found (${found[name].missing.join(', ')} missing)`);

const isRoot = typeof process.getuid == 'function' && process.getuid() === 0;
const mayInstall = process.env.PARTNER_PIXEL_ENGINES_INSTALL !== '0' && isRoot && onPath('apt-get');
let failed = false;
if (mayInstall && dryRun) say(`would run: apt-get update && apt-get install -y ${packages.join(' ')}`);
else if (mayInstall) {
  failed = !(run('apt-get', ['update']) && run('apt-get', ['install', '-y', ...packages]));
  found = findEngines();
}

for (const name of missing) {
  if (found[name].ok) {
    say(`installed: ${describe(name, found[name])}`);
    continue;
  }
  const why = !isRoot ? 'not root' : !onPath('apt-get') ? 'no apt-get' : process.env.PARTNER_PIXEL_ENGINES_INSTALL === '0' ? 'PARTNER_PIXEL_ENGINES_INSTALL=0' : dryRun ? 'dry run' : `apt-get installed ${PACKAGES[name].join(' ')} but ${found[name].missing.join(', ')} still not found`;
  console.warn(`ensure-engines: ${name} is not available (${why}). Its cells in the cross-engine table will say SKIPPED.
  To run them: sudo apt-get install -y ${PACKAGES[name].join(' ')}   (Debian/Ubuntu)
  or point the tests at your own build: ${name == 'firefox' ? 'PARTNER_PIXEL_FIREFOX=/path/to/firefox' : 'PARTNER_PIXEL_WEBKIT_DRIVER, PARTNER_PIXEL_MINIBROWSER, PARTNER_PIXEL_XVFB'}`);
}
process.exit(failed ? 1 : 0);
