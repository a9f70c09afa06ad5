/**
 * One small interface over three ways of driving a browser, so that a cross-engine case is
 * written once: Chromium through Playwright, Firefox ESR through puppeteer-core (WebDriver
 * BiDi), WebKit through WebKitWebDriver (classic W3C WebDriver, MiniBrowser under Xvfb).
 * Everything a case concludes about delivery comes from the harness server, never from here.
 */

/** The engines the suite knows. */
export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** A third-party cookie setting, as each engine calls it. */
export interface CookieSetting {
  /** Shown in the table, e.g. "partitioned (cookieBehavior 5, default)". */
  label: string;
  /** Whether this is what the engine does out of the box. */
  shipped: boolean;
}

/** A console message or a page error, in the order the page produced them. */
export interface ConsoleEntry {
  type: string;
  text: string;
}

/** One tab. */
export interface Tab {
  /**
   * Opens `url`. `load` resolves after the load event; `commit` as soon as the navigation
   * started (for pages that navigate on before they finish loading).
   */
  goto(url: string, options?: { wait?: 'load' | 'commit' }): Promise<void>;
  /** The tab's current URL. */
  url(): Promise<string>;
  /** Clicks the first element matching a CSS selector. */
  click(selector: string): Promise<void>;
  /** Types `value` into the field matching a CSS selector, replacing what it held. */
  fill(selector: string, value: string): Promise<void>;
  /** Evaluates a JavaScript expression in the page; its value must be JSON. */
  evaluate<T>(expression: string): Promise<T>;
  /** Polls until the expression is truthy in the page (across navigations). */
  waitFor(expression: string, options?: { timeout?: number; message?: string }): Promise<void>;
  /** Everything the pages of this tab logged, and every uncaught error (type `pageerror`). */
  console(): Promise<ConsoleEntry[]>;
  /** Closes the tab at once, as a buyer closing it would: nothing waits for the page. */
  close(): Promise<void>;
}

/** A browser profile: its own cookies, storage, cache and connections. */
export interface Profile {
  newTab(): Promise<Tab>;
  /** Ends the profile and forgets everything it held. */
  close(): Promise<void>;
}

/** What a driver needs to reach the simulated sites and nothing else. */
export interface EngineSetup {
  /** Simulated host names, all answered by the harness server. */
  hosts: string[];
  /** The harness server's loopback port. */
  serverPort: number;
  /** A CONNECT proxy port tunnelling the hosts to the server (Firefox and WebKit). */
  proxyPort: number;
  /** The third-party cookie setting to launch with; one of {@link Engine.cookieSettings}' keys. */
  cookies: string;
}

/** A launched browser. */
export interface Engine {
  name: EngineName;
  /** e.g. "Chromium 156.0.8078.114". */
  version: string;
  /** Settings this engine can be launched with, by key; the first one is the engine's default. */
  cookieSettings: Record<string, CookieSetting>;
  /** A fresh profile: no cookies, no storage, no open connection to any host. */
  newProfile(): Promise<Profile>;
  close(): Promise<void>;
}

/** Launches an engine. */
export type Launcher = (setup: EngineSetup) => Promise<Engine>;

/**
 * A page of Playwright or puppeteer-core: both emit `console` (a message with `type()` and
 * `text()`) and `pageerror` alike. The handler takes `any` because puppeteer's generic `on`
 * types its events through a wildcard that no narrower handler type matches.
 */
export interface ConsoleEmitter {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: 'console' | 'pageerror', handler: (value: any) => void): unknown;
}

/**
 * The part of a Tab that is the same for every page that emits its console: what it logged,
 * and `waitFor` over the engine's own `evaluate`.
 */
export function consoleAndWait(page: ConsoleEmitter, evaluate: (expression: string) => Promise<unknown>): Pick<Tab, 'console' | 'waitFor'> {
  const entries: ConsoleEntry[] = [];
  page.on('console', (m: { type(): string; text(): string }) => entries.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e: Error) => entries.push({ type: 'pageerror', text: String(e) }));
  return {
    console: async () => [...entries],
    waitFor: (expression, options = {}) => poll(() => evaluate(expression), options.timeout ?? 10_000, options.message ?? expression),
  };
}

/** Polls `check` until it resolves truthy or `timeout` ms pass. */
export async function poll(check: () => Promise<unknown>, timeout: number, message: string): Promise<void> {
  const end = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      // A page in the middle of navigating cannot answer yet; ask again.
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms: ${message}${last ? ` (${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
