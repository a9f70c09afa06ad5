/** `@partner-pixel/bridge`: the pieces of the bridge, for tests and for embedding. */
export { readConfig, parsePartnerFields, type BridgeConfig, type ConfigResult, type SalesMode } from './config.js';
export { DEFAULT_MAPPING, orderToSale, salePixelUrl, contactFields, transactionBody, productFields, type Mapping, type Sale } from './mapping.js';
export { classify } from './events.js';
export { createLimiter, type Limiter } from './rate-limit.js';
export { fakeClock, systemClock, type Clock } from './clock.js';
export { openStore, type Store, type StatusReport } from './store.js';
export { createIntake, authorized } from './intake.js';
export { startBridge, ONTRAPORT_LIMIT } from './bridge.js';
export { syncProducts, ULTRACART_LIMIT } from './sync.js';
export { ontraportApi } from './ontraport.js';
export { limitedHttp, Retryable, Permanent } from './http.js';
export { formatStatus, main } from './cli.js';
