// A measurement aid for `scripts/size.mjs --without-js-cookie`, never shipped: the part of
// js-cookie's API the tags call (`get`, `set` with `expires` in days, `remove`), written as
// briefly as a cookie helper can honestly be, so that the size check can print what a tag
// would weigh without the library. Only names the tags write are read (no decoding of other
// cookies' names), which is all such a helper would need.
const attributes = (a) =>
  '; path=' + a.path + (a.domain ? '; domain=' + a.domain : '') + '; samesite=' + a.sameSite + (a.secure ? '; secure' : '');

export default {
  get: (name) => {
    const found = document.cookie.match('(?:^|; )' + name + '=([^;]*)');
    return found ? decodeURIComponent(found[1]) : undefined;
  },
  set: (name, value, a) => {
    document.cookie = name + '=' + encodeURIComponent(value) + attributes(a) + '; max-age=' + a.expires * 86400;
  },
  remove: (name, a) => {
    document.cookie = name + '=' + attributes(a) + '; max-age=-1';
  },
};
