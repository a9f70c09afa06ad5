// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/receipt"}
/**
 * The receipt's order block is read exactly once (docs/tags.md): at once when it stands above
 * the tag, else when the parser is done, or as the page goes if the buyer leaves before that.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ORDER_BLOCK_ID, whenOrderBlock } from '../../src/browser/order-block';

function addBlock(): HTMLElement {
  const block = document.createElement('script');
  block.id = ORDER_BLOCK_ID;
  block.setAttribute('type', 'application/json');
  document.body.append(block);
  return block;
}

afterEach(() => {
  document.getElementById(ORDER_BLOCK_ID)?.remove();
});

describe('whenOrderBlock', () => {
  it('the block id is partner-pixel-order, as the receipt HTML writes it', () => {
    expect(ORDER_BLOCK_ID).toBe('partner-pixel-order');
  });

  it('a block above the tag is found at once, and never again', () => {
    const block = addBlock();
    const found = vi.fn();
    whenOrderBlock(found);
    expect(found.mock.calls).toEqual([[block]]);
    document.dispatchEvent(new Event('DOMContentLoaded'));
    dispatchEvent(new Event('pagehide'));
    expect(found).toHaveBeenCalledTimes(1);
  });

  it('a block below the tag is found when the parser is done', () => {
    const found = vi.fn();
    whenOrderBlock(found);
    expect(found).not.toHaveBeenCalled();
    const block = addBlock();
    document.dispatchEvent(new Event('DOMContentLoaded'));
    expect(found.mock.calls).toEqual([[block]]);
    dispatchEvent(new Event('pagehide'));
    expect(found).toHaveBeenCalledTimes(1);
  });

  it('a buyer leaving before the parser is done: the block is read as the page goes', () => {
    const found = vi.fn();
    whenOrderBlock(found);
    const block = addBlock();
    dispatchEvent(new Event('pagehide'));
    expect(found.mock.calls).toEqual([[block]]);
  });

  it('a page without a block: nothing is called', () => {
    const found = vi.fn();
    whenOrderBlock(found);
    document.dispatchEvent(new Event('DOMContentLoaded'));
    dispatchEvent(new Event('pagehide'));
    expect(found).not.toHaveBeenCalled();
  });
});
