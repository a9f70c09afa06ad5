/**
 * `@partner-pixel/harness`: a simulated ONTRAPORT account, UltraCart store and merchant site
 * as msw handlers, to replay the partner-link-to-receipt flow in tests and in the sandbox.
 */
export {
  createAccount,
  type Account,
  type ApplyOutcome,
  type Attribution,
  type Contact,
  type Integration,
  type Partner,
  type PromoTool,
  type Purchase,
  type PurchaseItem,
  type PurchaseStatus,
  type SaleSource,
  type RefundOutcome,
  type ReferralSource,
  type ResolvedReferral,
} from './ontraport/account.js';
export { createFaults, type FaultState, type FaultVerdict, type Faults } from './ontraport/faults.js';
export {
  createOntraport,
  ONTRAPORT_COOKIE,
  type Ontraport,
  type OntraportOptions,
  type OntraportSnapshot,
  type PixelHit,
  type PromoLink,
} from './ontraport/ontraport.js';
export {
  COUPONS,
  DEFAULT_CATALOG,
  HANDLING,
  SHIPPING,
  TAX_PERCENT,
  TEST_BUYER,
  TEST_CARDS,
  priceOrder,
  type Buyer,
  type Product,
  type StoreOrder,
  type StoreOrderItem,
  type StoreRefund,
} from './ultracart/pricing.js';
export {
  DEFAULT_CONVERSION_HTML,
  conversionTokens,
  renderConversion,
  type ConversionContext,
} from './ultracart/conversion.js';
export { pixelScriptPath, receiptScriptSrc, SCRIPT_FILES, scriptTag, type IntegrationMode, type PixelSettings } from './web/script-tag.js';
export { orderJson } from './ultracart/order-json.js';
export { orderNumberFromClock } from './ultracart/orders.js';
export { createUltracart, type StoreRefundResult, type UltraCart, type UltraCartOptions } from './ultracart/ultracart.js';
export { createMerchantSite, type MerchantOptions, type MerchantSite } from './merchant/merchant.js';
export { BRIDGE_CUSTOM_FIELDS, createSimulation, type Simulation, type SimulationOptions } from './simulation.js';
export { linkBridge, type BridgeLink, type BridgeLinkOptions, type BridgeModule } from './sandbox/bridge-link.js';
export { createOntraportRest, type OntraportRest, type RestBackend } from './ontraport/rest-api.js';
export { ultracartItem, ultracartOrder } from './ultracart/order-object.js';
export { escapeHtml, jsonForScript } from './web/html.js';
export { startServer, type HarnessServer, type ServerOptions } from './server/server.js';
export { selfSignedCertificate, type CertificatePair } from './server/certs.js';
// playwright/ is not re-exported: it imports @playwright/test at runtime, an optional peer
// dependency; it is reachable through `@partner-pixel/harness/playwright`.
