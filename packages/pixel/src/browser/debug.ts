/** The console side of debug mode: the install checker merchants run instead of 11 steps. */
export type Log = (message: string) => void;

/** A logger that prints only in debug mode (or `?pp_debug=1` on the page); warnings always. */
export function logger(enabled?: boolean): { log: Log; warn: Log } {
  const on = enabled || /[?&]pp_debug=1\b/.test(location.search);
  return {
    log: (m) => on && console.info('[partner-pixel] ' + m),
    warn: (m) => console.warn('[partner-pixel] ' + m),
  };
}
