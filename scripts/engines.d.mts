/** Types of scripts/engines.mjs, for the tests that import it. */
export declare const PACKAGES: { firefox: string[]; webkit: string[] };
export interface FirefoxFound {
  ok: boolean;
  binary?: string;
  missing: string[];
}
export interface WebKitFound {
  ok: boolean;
  driver?: string;
  miniBrowser?: string;
  xvfb?: string;
  missing: string[];
}
export declare function findEngines(): { firefox: FirefoxFound; webkit: WebKitFound };
