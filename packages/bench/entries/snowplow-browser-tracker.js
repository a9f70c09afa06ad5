// @snowplow/browser-tracker: a tracker plus one structured event, sent at once (the default buffer of 1).
import { newTracker, trackStructEvent } from '@snowplow/browser-tracker';

newTracker('sp', 'https://collector.example', { appId: 'merchant' });
trackStructEvent({ category: 'checkout', action: 'purchase', label: 'UC-1001', value: 45.1 });
