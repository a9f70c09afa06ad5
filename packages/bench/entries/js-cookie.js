// js-cookie alone (the cookie library our script uses), plus the one-line pixel, so that it
// issues a request like the others: a merchant's do-it-yourself referral cookie and pixel.
import Cookies from 'js-cookie';

const orid = new URLSearchParams(location.search).get('orid');
if (orid) Cookies.set('pp_ref', orid, { expires: 30, sameSite: 'Lax', secure: true });
new Image().src =
  'https://acme.ontraport.com/p?order_id=UC-1001&email=buyer%40example.com&item_id_1=SKU-1&item_price_1=19.95&item_qty_1=2&orid=' +
  encodeURIComponent(Cookies.get('pp_ref') || '');
