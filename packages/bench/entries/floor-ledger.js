// The floor plus the storage work exactly-once delivery cannot skip: read the referral cookie,
// read the ledger, claim the order id, send, and record it delivered. It shows how much of
// our main-thread cost is the guarantee itself rather than our code.
var id = 'UC-1001';
var ref = /(?:^|; )pp_ref=([^;]*)/.exec(document.cookie);
var ledger = JSON.parse(localStorage.getItem('pp_px') || '{"d":[],"q":[]}');
if (ledger.d.indexOf(id) < 0) {
  var url = 'https://acme.ontraport.com/p?order_id=' + id + '&email=buyer%40example.com&item_id_1=SKU-1&item_price_1=19.95&item_qty_1=2' + (ref ? '&orid=' + ref[1] : '');
  ledger.q.push({ i: id, u: url });
  localStorage.setItem('pp_px', JSON.stringify(ledger));
  var img = new Image();
  img.onload = function () {
    ledger.q = [];
    ledger.d.push(id);
    localStorage.setItem('pp_px', JSON.stringify(ledger));
  };
  img.src = url;
}
