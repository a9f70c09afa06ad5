// The storage work exactly-once delivery cannot skip (exactly-once.js) around the receipt tag's
// transport, a keepalive fetch. Beside the keepalive floor it shows what the first cookie and
// storage accesses cost in time to pixel; beside the receipt tag, what is left for our code.
import { sendOnce } from './exactly-once.js';

sendOnce(function (url, delivered) {
  fetch(url, { keepalive: true, mode: 'no-cors', credentials: 'include' }).then(delivered);
});
