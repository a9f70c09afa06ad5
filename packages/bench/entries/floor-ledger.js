// The floor plus the storage work exactly-once delivery cannot skip (exactly-once.js), sent by
// an image as the floor is. It shows how much of our main-thread cost is the guarantee itself
// rather than our code.
import { sendOnce } from './exactly-once.js';

sendOnce(function (url, delivered) {
  var img = new Image();
  img.onload = delivered;
  img.src = url;
});
