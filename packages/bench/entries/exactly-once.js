// The storage work exactly-once delivery cannot skip, around any transport: read the referral
// cookie, read the ledger, claim the order id, send, and record it delivered. `send(url,
// delivered)` makes the request and calls `delivered` once it is answered.
export function sendOnce(send) {
  var id = 'UC-1001';
  var ref = /(?:^|; )pp_ref=([^;]*)/.exec(document.cookie);
  var ledger = JSON.parse(localStorage.getItem('pp_px') || '{"d":[],"q":[]}');
  if (ledger.d.indexOf(id) >= 0) return;
  var url = 'https://acme.ontraport.com/p?order_id=' + id + '&email=buyer%40example.com&item_id_1=SKU-1&item_price_1=19.95&item_qty_1=2' + (ref ? '&orid=' + ref[1] : '');
  ledger.q.push({ i: id, u: url });
  localStorage.setItem('pp_px', JSON.stringify(ledger));
  send(url, function () {
    ledger.q = [];
    ledger.d.push(id);
    localStorage.setItem('pp_px', JSON.stringify(ledger));
  });
}
