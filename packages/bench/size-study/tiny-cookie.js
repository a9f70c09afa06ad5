// A minimal cookie helper with the three js-cookie calls the library makes, for the size
// study only (run.mjs): how much of the tag js-cookie itself is.
/* eslint-disable no-empty */
const enc = (v) => encodeURIComponent(v);
const set = (name, value, a = {}) => {
  let s = enc(name) + '=' + enc(value) + '; path=' + (a.path || '/');
  if (a.domain) s += '; domain=' + a.domain;
  if (a.expires) s += '; expires=' + new Date(Date.now() + a.expires * 864e5).toUTCString();
  if (a.sameSite) s += '; samesite=' + a.sameSite;
  if (a.secure) s += '; secure';
  document.cookie = s;
};
export default {
  get: (name) => { for (const c of document.cookie.split('; ')) { const i = c.indexOf('='); try { if (decodeURIComponent(c.slice(0, i)) == name) return decodeURIComponent(c.slice(i + 1)); } catch {} } },
  set,
  remove: (name, a) => set(name, '', { ...a, expires: -1 }),
};
