// Minimal npm usage of our library on a receipt page: the order from the page's JSON block.
import { createPixel } from 'partner-pixel';

const pixel = createPixel({ subdomain: 'acme.ontraport.com' });
pixel.capture();
const send = () => pixel.purchase(JSON.parse(document.getElementById('partner-pixel-order').textContent));
if (document.readyState == 'loading') document.addEventListener('DOMContentLoaded', send);
else send();
