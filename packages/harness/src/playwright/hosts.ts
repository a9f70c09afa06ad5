/** The simulated sites' host names in the browser tests, and the simulation of the running test. */
import type { Simulation } from '../simulation.js';

/** The simulated sites' host names, as the browser sees them. */
export const HOSTS = {
  ontraport: 'acme.ontraport.com',
  store: 'secure.ultracart.com',
  merchant: 'www.merchant.example',
} as const;

export const ALL_HOSTS: string[] = Object.values(HOSTS);

/** What the fixtures know of the running test, for helpers and matchers not handed it. */
interface Current {
  sim: Simulation;
  /** The `[partner-pixel]` lines the test's pages printed to their console, in order. */
  consoleLines: string[];
}

// The fixtures run one test at a time per worker process, so the helpers can find the
// current simulation here when a test does not pass it explicitly.
let current: Current | undefined;

export function setCurrent(value: Current | undefined): void {
  current = value;
}

export const currentSim = (): Simulation => {
  if (!current) throw new Error('no simulation: use the helpers inside a test that uses the sim, account or store fixture');
  return current.sim;
};

/** The page console's `[partner-pixel]` lines of the running test (empty outside one). */
export const pixelConsole = (): string[] => current?.consoleLines ?? [];
