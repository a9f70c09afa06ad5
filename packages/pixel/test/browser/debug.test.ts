// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/receipt"}
/** Debug mode's console: on by option or by `?pp_debug=1`; warnings always; one prefix. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../src/browser/debug';

let info: ReturnType<typeof vi.spyOn>;
let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  info = vi.spyOn(console, 'info').mockImplementation(() => {});
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  history.replaceState(null, '', '/receipt');
});

describe('logger', () => {
  it('prints debug messages only when enabled, with the [partner-pixel] prefix', () => {
    logger(true).log('captured partner 42');
    expect(info).toHaveBeenCalledWith('[partner-pixel] captured partner 42');
    logger(false).log('hidden');
    logger().log('hidden');
    expect(info).toHaveBeenCalledTimes(1);
  });

  it('prints warnings whether or not debug mode is on, with the prefix', () => {
    logger(false).warn('mode api');
    logger(true).warn('order refused');
    expect(warn.mock.calls).toEqual([['[partner-pixel] mode api'], ['[partner-pixel] order refused']]);
    expect(info).not.toHaveBeenCalled();
  });

  it.each(['?pp_debug=1', '?utm_source=x&pp_debug=1', '?pp_debug=1&orid=42'])(
    'turns on with %s in the page URL',
    (search) => {
      history.replaceState(null, '', '/receipt' + search);
      logger().log('on');
      expect(info).toHaveBeenCalledWith('[partner-pixel] on');
    },
  );

  it.each(['?pp_debug=0', '?pp_debug=10', '?xpp_debug=1', '?pp_debug', '#pp_debug=1'])(
    'stays off with %s in the page URL',
    (search) => {
      history.replaceState(null, '', '/receipt' + search);
      logger().log('off');
      expect(info).not.toHaveBeenCalled();
    },
  );
});
