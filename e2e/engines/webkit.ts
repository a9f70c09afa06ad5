/**
 * WebKit: WebKitGTK's MiniBrowser driven by WebKitWebDriver (classic W3C WebDriver) through
 * selenium-webdriver, under a private Xvfb display (the GTK port has no headless mode). Host
 * names reach the harness server through MiniBrowser's `--proxy=` and the local CONNECT proxy
 * (the W3C `proxy` capability does not work: WebKit speaks TLS to it). A fresh profile is a new
 * session, that is a new MiniBrowser with an ephemeral data store (about 3 s).
 * Classic WebDriver cannot read the console: the suite's page instrumentation keeps it in
 * `window.__ppConsole`, which this driver reads.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Builder, By, type WebDriver } from 'selenium-webdriver';
import { findEngines } from '../../scripts/engines.mjs';
import { poll, type ConsoleEntry, type Launcher, type Profile, type Tab } from './driver.js';

const COOKIES = {
  shipped: { label: 'third-party blocked (shipped)', shipped: true },
  always: { label: 'allowed (--cookies-policy=always)', shipped: false },
};

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** Starts Xvfb on a display it picks itself (`-displayfd`), so runs never collide. */
function startXvfb(binary: string): Promise<{ display: string; process: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const xvfb = spawn(binary, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    let out = '';
    xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve({ display: `:${out.trim()}`, process: xvfb });
    });
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready`)));
  });
}

async function startDriver(binary: string, display: string): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const driver = spawn(binary, [`--port=${port}`, '--host=127.0.0.1'], { stdio: 'ignore', env: { ...process.env, DISPLAY: display } });
  const url = `http://127.0.0.1:${port}`;
  await poll(async () => (await fetch(`${url}/status`)).ok, 10_000, 'WebKitWebDriver to listen');
  return { url, process: driver };
}

/** A tab is a window handle of the session; every call switches to it first. */
function tab(driver: WebDriver, handle: string, onClose: () => Promise<void>): Tab {
  const on = async () => {
    if ((await driver.getWindowHandle().catch(() => '')) != handle) await driver.switchTo().window(handle);
  };
  const evaluate = async <T>(expression: string) => {
    await on();
    return (await driver.executeScript(`return (${expression});`)) as T;
  };
  return {
    goto: async (url, options = {}) => {
      await on();
      if (options.wait == 'commit') await driver.executeScript('location.href = arguments[0]', url);
      else await driver.get(url);
    },
    url: async () => {
      await on();
      return driver.getCurrentUrl();
    },
    click: async (selector) => {
      await on();
      await driver.findElement(By.css(selector)).click();
    },
    fill: async (selector, value) => {
      await on();
      const field = await driver.findElement(By.css(selector));
      await field.clear();
      await field.sendKeys(value);
    },
    evaluate,
    waitFor: (expression, options = {}) => poll(() => evaluate(expression), options.timeout ?? 10_000, options.message ?? expression),
    console: async () => (await evaluate<ConsoleEntry[] | null>('window.__ppConsole || null')) ?? [],
    close: async () => {
      await on();
      await driver.close();
      await onClose();
    },
  };
}

export const launchWebKit: Launcher = async (setup) => {
  const found = findEngines().webkit;
  if (!found.ok) throw new Error(`WebKit is not installed (${found.missing.join(', ')} missing; scripts/ensure-engines.mjs says how)`);
  const xvfb = await startXvfb(found.xvfb!);
  const server = await startDriver(found.driver!, xvfb.display);
  const args = ['--automation', `--proxy=http://127.0.0.1:${setup.proxyPort}`];
  if (setup.cookies == 'always') args.push('--cookies-policy=always');
  let version = 'WebKitGTK';
  const sessions = new Set<WebDriver>();

  async function newProfile(): Promise<Profile> {
    const driver = await new Builder()
      .usingServer(server.url)
      .withCapabilities({ browserName: 'MiniBrowser', acceptInsecureCerts: true, 'webkitgtk:browserOptions': { binary: found.miniBrowser, args } })
      .build();
    sessions.add(driver);
    version = `WebKitGTK ${(await driver.getCapabilities()).get('browserVersion')} (MiniBrowser)`;
    const open = new Set<string>();
    let first: string | undefined = await driver.getWindowHandle();
    const quit = async () => {
      sessions.delete(driver);
      await driver.quit().catch(() => {});
    };
    return {
      async newTab() {
        let handle = first;
        first = undefined;
        if (!handle) {
          await driver.switchTo().newWindow('tab');
          handle = await driver.getWindowHandle();
        }
        open.add(handle);
        const h = handle;
        return tab(driver, h, async () => {
          open.delete(h);
          // Closing the last window ends the session; the profile is gone with it.
          const left = await driver.getAllWindowHandles().catch(() => []);
          if (left.length) await driver.switchTo().window(left[0]);
        });
      },
      close: quit,
    };
  }

  return {
    name: 'webkit',
    get version() {
      return version;
    },
    cookieSettings: COOKIES,
    newProfile,
    async close() {
      await Promise.all([...sessions].map((d) => d.quit().catch(() => {})));
      server.process.kill();
      xvfb.process.kill();
    },
  };
};
