/* eslint-disable -- a size experiment, written for bytes rather than reading; see run.mjs. */
// The whole script tag (capture, decoration, order validation in cents, discount spreading,
// the wire keys with overrides, host check, leased outbox with backoff, image + pagehide
// rescue, consent, GPC, debug, the order block and the command queue) in one dense file,
// to learn how small the same features can get. Untested; never shipped.
import Cookies from 'js-cookie';
const P = '[partner-pixel] ';
const KEYS = { orderId: 'order_id', email: 'email', affOnly: 'aff_only', firstName: 'firstname', lastName: 'lastname', address: 'address', city: 'city', state: 'state', zip: 'zip', country: 'country', phone: 'phone', itemId: 'item_id_', itemPrice: 'item_price_', itemQty: 'item_qty_', itemName: 'item_external_id_', tax: 'tax', shipping: 'shipping_amt', orid: 'orid', sid: 'sid', opid: 'opid' };
const CONTACT = ['firstName','lastName','address','city','state','zip','country','phone'];
const REF = ['orid','sid','opid'];
const ID = /^[1-9]\d{0,9}$/, SID = /^[\w.~-]{1,64}$/;
const str = (v) => typeof v == 'number' ? '' + v : v;
const parseId = (v) => (v = str(v), ID.test(v) && v <= 2147483647 ? v : undefined);
const parseRef = (get) => { const orid = parseId(get('orid')); if (!orid) return; const r = { orid }, s = get('sid'), o = parseId(get('opid')); if (SID.test(s)) r.sid = s; if (o) r.opid = o; return r; };
const text = (v, max = 255) => { v = str(v); if (typeof v == 'string' && (v = v.trim()) && v.length <= max && !/^\[\w+\]$|[\0-\x1f\x7f]/.test(v)) return v; };
const cents = (v) => { const m = /^(\d{1,12})(?:\.(\d\d?))?$/.exec(str(v)?.trim?.()); return m ? m[1] * 100 + +(m[2] || 0) * (m[2]?.length == 1 ? 10 : 1) : undefined; };
const money = (c) => (c / 100).toFixed(2); // ok to 2^53/100
function readOrder(o) {
  o = o || {};
  const orderId = text(o.orderId, 64), email = text(o.email, 254), list = o.items;
  if (!orderId || orderId == '0') return 'orderId missing';
  if (!/^[^\s@<>()[\]",;:]+@[^\s@<>()[\]",;:]+\.[^\s@<>()[\]",;:]+$/.test(email)) return 'email missing or invalid';
  if (!Array.isArray(list) || !list.length || list.length > 100) return 'items: 1 to 100';
  const ord = { orderId, email, items: [], partner: o.partner && parseRef((k) => o.partner[k]) };
  let sum = 0, bad;
  list.forEach((it, i) => { it = it || {}; const id = text(it.id, 64), price = cents(it.price), q = it.quantity, quantity = q == null || q === '' ? 1 : /^\d+$/.test(str(q)?.trim()) ? +q : 0;
    if (!id || price == null || !(quantity > 0 && quantity <= 1e5)) bad ||= `items[${i}] invalid`;
    ord.items.push({ id, price, quantity, name: text(it.name, 128) }); sum += price * quantity; });
  if (bad) return bad;
  let total = sum;
  for (const k of ['tax','shipping','handling','discount']) { const c = text(o[k]) ? cents(o[k]) : 0; if (c == null) return k + ' invalid'; ord[k] = c; total += k == 'discount' ? -c : c; }
  if (ord.discount > sum || total > 1e12) return 'amounts out of range';
  if (text(o.total) && cents(o.total) !== total) return `total ${o.total} != ${money(total)}`;
  for (const k of CONTACT) ord[k] = text(o[k]);
  return ord;
}
function spread(items, d) {
  if (!d) return items;
  const v = (i) => i.price * i.quantity, s = items.reduce((a, i) => a + v(i), 0);
  const sh = items.map((i) => Number(BigInt(d) * BigInt(v(i)) / BigInt(s)));
  let left = d - sh.reduce((a, b) => a + b);
  sh.forEach((x, n) => left > 0 && x < v(items[n]) && (sh[n]++, left--));
  return items.flatMap((it, n) => { const per = Math.floor(sh[n] / it.quantity), odd = sh[n] % it.quantity;
    return [{ ...it, price: it.price - per, quantity: it.quantity - odd }, { ...it, price: it.price - per - 1, quantity: odd }].filter((x) => x.quantity); });
}
function query(o, ref, keys) {
  const q = new URLSearchParams(), add = (k, v) => v && q.append(k, v);
  add(keys.orderId, o.orderId); add(keys.email, o.email);
  for (const k of CONTACT) add(keys[k], o[k]);
  spread(o.items, o.discount).forEach((it, i) => { i++; add(keys.itemId + i, it.id); add(keys.itemPrice + i, money(it.price)); add(keys.itemQty + i, '' + it.quantity); add(keys.itemName + i, it.name); });
  add(keys.tax, money(o.tax)); add(keys.shipping, money(o.shipping + o.handling));
  for (const k of REF) add(keys[k], ref?.[k]);
  return q;
}
function checkHost(v, allowed = []) {
  const h = str(v)?.toLowerCase(), listed = allowed.includes(h);
  try { const u = new URL('http://' + h);
    if (u.host == h && (listed && /^(.+\.)?localhost$|^127\./.test(u.hostname) ? 1 : !u.port && (listed || /\.ontraport\.(com|net)$/.test(h)))) return (u.port ? 'http://' : 'https://') + h;
  } catch {}
}
function createPixel(o = {}) {
  const on = o.debug || /[?&]pp_debug=1\b/.test(location.search);
  const log = (m) => on && console.info(P + m), warn = (m) => console.warn(P + m);
  const name = o.cookieName || 'pp_ref', attrs = { path: '/', domain: o.cookieDomain, sameSite: 'Lax', secure: location.protocol == 'https:' };
  const timeout = o.timeoutMs || 1e4, gpc = o.respectGpc && navigator.globalPrivacyControl;
  let allowed = !o.requireConsent && !gpc, held = [], durable = 1, memory = { d: [], q: [] };
  const when = (f) => allowed ? f() : gpc || held.push(f);
  const part = (s) => { const [orid, sid, opid, t] = s.split(':'), r = { orid: parseId(orid), t: +t }; if (sid) r.sid = sid; if (opid) r.opid = opid; return r.orid && SID.test(sid || 'x') && (!opid || parseId(opid)) && /^\d{1,12}$/.test(t) && r; };
  const referral = () => { const raw = Cookies.get(name), p = raw?.split('|'), rec = p?.length == 3 && p[0] == 1 && { first: part(p[1]), last: part(p[2]) };
    if (raw != null && !(rec.first && rec.last)) { log('bad referral cookie removed'); Cookies.remove(name, attrs); return; } return rec; };
  const credited = () => { const r = referral()?.[o.attribution == 'first' ? 'first' : 'last']; if (r) { const { t, ...ref } = r; return ref; } };
  const read = () => { try { const l = durable && JSON.parse(localStorage.getItem('pp_px')); if (durable) return Array.isArray(l?.d) && Array.isArray(l.q) && l.q.every((p) => p?.u && p.i && p.n >= 0 && p.l >= 0) ? l : { d: [], q: [] }; } catch (e) { if (!(e instanceof SyntaxError)) lost(e); else return { d: [], q: [] }; } return memory; };
  const lost = (e) => { durable && log('storage unavailable: ' + e); durable = 0; };
  const write = (l) => { l.d = l.d.slice(-200); l.q = l.q.slice(-20); memory = l; try { durable && localStorage.setItem('pp_px', JSON.stringify(l)); } catch (e) { lost(e); } };
  const transmit = (url) => new Promise((res) => { const img = new Image(), done = (ok) => { clearTimeout(timer); removeEventListener('pagehide', rescue); img.onload = img.onerror = null; ok || (img.src = ''); res(ok); };
    const rescue = () => { try { fetch(url, { keepalive: true, mode: 'no-cors', credentials: 'include' }).catch(() => {}); const l = read(); l.q.forEach((p) => p.u == url && (p.l = Date.now() + timeout)); write(l); } catch {} };
    const timer = setTimeout(done, timeout); addEventListener('pagehide', rescue); img.onload = () => done(1); img.onerror = () => done(); img.src = url; });
  const attempt = async (id, l = read()) => { const e = l.q.find((p) => p.i == id); if (!e || e.l > Date.now()) return;
    e.n++; e.l = Date.now() + timeout + 1e3; write(l); const ok = await transmit(e.u); l = read(); l.q = l.q.filter((p) => p.i != id);
    if (ok) l.d.push(id), log('sent ' + e.u); else if (e.n < (o.maxAttempts || 10) && durable) { const w = Math.min(3e5, 1e3 * 2 ** e.n) * (0.5 + Math.random()); e.l = Date.now() + w; l.q.push(e); setTimeout(() => attempt(id), w + 9); log(`retry ${id} in ${w | 0} ms`); } else warn('gave up on ' + id);
    write(l); return ok; };
  const flush = () => allowed && read().q.forEach((p) => setTimeout(() => attempt(p.i), p.l - Date.now() + 9));
  if (o.checkoutHosts?.length) for (const t of ['click', 'auxclick', 'submit']) document.addEventListener(t, (ev) => { try { const ref = allowed && credited(), el = ev.target, form = t == 'submit' && el, a = form || el.closest('a[href]'); if (!ref || !a) return;
    const u = new URL(form ? a.action : a.href, location.href); if (u.host == location.host || !o.checkoutHosts.some((h) => h.toLowerCase() == u.hostname)) return; for (const k of REF) ref[k] && u.searchParams.set(k, ref[k]); form ? (a.action = u.href) : (a.href = u.href); } catch {} }, true);
  const send = async (order) => { const fail = (status, reason, url) => { (status == 'duplicate' ? log : warn)(reason); return { status, reason, url }; };
    if (o.mode == 'api') return fail('skipped', 'mode api: no pixel, the API reports sales');
    const ord = readOrder(order); if (typeof ord == 'string') return fail('invalid', 'order refused: ' + ord);
    const origin = checkHost(o.subdomain, o.allowedHosts); if (!origin) return fail('invalid', 'bad subdomain ' + o.subdomain);
    const url = origin + '/p?' + query(ord, ord.partner || credited(), { ...KEYS, ...o.keys }), id = ord.orderId, l = read();
    if (l.d.includes(id) || l.q.some((p) => p.i == id)) return fail('duplicate', id + ' already sent', url);
    l.q.push({ i: id, u: url, n: 0, l: 0 });
    return { status: (await attempt(id, l)) ? 'sent' : durable ? 'queued' : 'failed', url }; };
  const safe = (f) => (...a) => { try { return f(...a); } catch (e) { warn(e); } };
  return { capture: safe((url = location.href) => { const p = new URL(url, location.href).searchParams, ref = parseRef((k) => p.get(k));
      ref ? when(() => { const r = referral(), seen = { ...ref, t: Date.now() / 1e3 | 0 }; Cookies.set(name, [1, ...[r?.first || seen, seen].map((x) => [x.orid, x.sid, x.opid, x.t].join(':'))].join('|'), { ...attrs, expires: o.cookieDays > 0 ? +o.cookieDays : 30 }); log('captured ' + ref.orid); }) : p.has('orid') && log('ignored orid'); return ref; }),
    referral: safe(referral),
    purchase: (order) => new Promise((res) => { gpc ? res({ status: 'skipped', reason: 'GPC' }) : allowed || log('held until consent'); when(() => send(order).then(res, (e) => res({ status: 'invalid', reason: '' + e }))); }),
    consent: safe((g) => { if (gpc) return; const w = held; allowed = !!g; held = []; if (!g) return Cookies.remove(name, attrs); w.forEach((f) => f()); flush(); }),
    flush: safe(flush) };
}
const w = window, stub = w.partnerPixel;
if (!stub?.l) try {
  const opts = {}, d = document.currentScript?.dataset || {};
  for (const k in d) { const v = d[k]; try { opts[k] = /Hosts$/.test(k) ? v.split(',').map((s) => s.trim()) : k == 'keys' ? JSON.parse(v) : v == '' || v == 'true' || (v != 'false' && v); } catch { console.warn(P + 'data-' + k + ' ignored'); } }
  const q = [].slice.call(stub?.q || []); q.forEach((a) => a[0] == 'init' && Object.assign(opts, a[1]));
  const px = createPixel(opts), api = (c, a) => { try { ({}).hasOwnProperty.call(px, c) ? px[c](a) : console.warn(P + 'unknown command ' + c); } catch {} };
  px.capture(); px.flush();
  let block; const fromBlock = () => { try { if (!block && (block = document.getElementById('partner-pixel-order'))) px.purchase(JSON.parse(block.textContent)); } catch (e) { console.warn(P + 'order block: ' + e); } };
  fromBlock(); document.addEventListener('DOMContentLoaded', fromBlock); addEventListener('pagehide', fromBlock);
  api.l = 1; w.partnerPixel = api; q.forEach((a) => a[0] != 'init' && api(a[0], a[1]));
} catch (e) { console.warn(P + e); }
