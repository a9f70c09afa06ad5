/** The console side of the pixel: warnings always, the step-by-step log only in debug mode. */
import { DIAGNOSTICS } from '../build.js';

export type Log = (message: string) => void;

/** True when the page asks for debug mode with `?pp_debug=1`. */
export const debugInUrl = () => /[?&]pp_debug=1\b/.test(location.search);

const PREFIX = '[partner-pixel] ';

/**
 * A logger that prints only in debug mode (or `?pp_debug=1` on the page); warnings always.
 * The production tags have no step-by-step log: in debug mode they hand over to the debug
 * build, so their `log` is empty and the minifier drops its messages.
 */
export function logger(enabled?: boolean): { log: Log; warn: Log } {
  const on = DIAGNOSTICS && (enabled || debugInUrl());
  return {
    log: (m) => on && console.info(PREFIX + m),
    warn: (m) => console.warn(PREFIX + m),
  };
}
