// @plausible-analytics/tracker (the current npm package): init plus one custom event.
// Automatic page views are off so that exactly one request, the event, leaves the page.
import { init, track } from '@plausible-analytics/tracker';

init({ domain: 'www.merchant.example', endpoint: 'https://plausible.io/api/event', autoCapturePageviews: false });
track('Purchase', { props: { order: 'UC-1001' }, revenue: { amount: 45.1, currency: 'USD' } });
