/** Types of scripts/cookie-stand-in.mjs, for the test that holds it to js-cookie's behaviour. */
import type Cookies from 'js-cookie';

declare const standIn: Pick<typeof Cookies, 'get' | 'set' | 'remove'>;
export default standIn;
