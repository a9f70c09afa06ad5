// The floor sent the way the receipt tag sends: a keepalive fetch (no-cors, with cookies), which
// the browser finishes after the page is gone. Beside the image floor it shows what that
// transport alone costs in time to pixel.
fetch('https://acme.ontraport.com/p?order_id=UC-1001&email=buyer%40example.com&item_id_1=SKU-1&item_price_1=19.95&item_qty_1=2', {
  keepalive: true,
  mode: 'no-cors',
  credentials: 'include',
});
