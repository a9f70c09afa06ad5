/** The receipt's order block, `<script type="application/json" id="partner-pixel-order">`. */

export const ORDER_BLOCK_ID = 'partner-pixel-order';

/**
 * Calls `found` with the block's element once: at once when it stands above the tag, else
 * when the parser is done, or, if the buyer leaves before that, as the page goes.
 */
export function whenOrderBlock(found: (block: HTMLElement) => void): void {
  let seen = false;
  const look = () => {
    const block = !seen && document.getElementById(ORDER_BLOCK_ID);
    if (block) {
      seen = true;
      found(block);
    }
  };
  look();
  document.addEventListener('DOMContentLoaded', look);
  addEventListener('pagehide', look);
}
