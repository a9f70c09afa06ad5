// plausible-tracker (the older npm package): init plus one custom event.
import Plausible from 'plausible-tracker';

const { trackEvent } = Plausible({ domain: 'www.merchant.example', apiHost: 'https://plausible.io' });
trackEvent('Purchase', { props: { order: 'UC-1001', total: '45.10' } });
