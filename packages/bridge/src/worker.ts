/**
 * Drains the queue, one job at a time (each account's rate limit is the bottleneck, not CPU).
 * A multi-step job saves each step's result before the next, so a crash or restart resumes
 * after the last finished step; the transaction step looks itself up first when it may already
 * have run, so it is never logged twice.
 */
import { formatCents } from 'partner-pixel/wire';
import type { Attribution, SalesMode } from './config.js';
import type { Clock } from './clock.js';
import { Permanent, Retryable } from './http.js';
import { contactFields, netCents, orderToSale, productFields, salePixelUrl, transactionBody, type Mapping, type Sale } from './mapping.js';
import type { OntraportApi } from './ontraport.js';
import type { Job, Store } from './store.js';
import { Item, Order } from './ultracart.js';

export interface WorkerOptions {
  store: Store;
  api: OntraportApi;
  clock: Clock;
  mapping: Mapping;
  sales: SalesMode;
  /** Which referral the sale credits when the order carries both. @defaultValue 'last' */
  attribution?: Attribution;
  pixelOrigin: string;
  /** Attempts before a job is given up. @defaultValue 12 */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt, capped at 30 minutes. @defaultValue 2000 */
  backoffMs?: number;
  log?: (line: string) => void;
}

type State = Record<string, string>;

export function createWorker(o: WorkerOptions) {
  const maxAttempts = o.maxAttempts ?? 12;
  const backoff = o.backoffMs ?? 2000;
  const log = o.log ?? (() => undefined);
  const save = (job: Job, state: State) => o.store.saveState(job.id, state);

  const saleOf = (job: Job): Sale => {
    const result = orderToSale(Order.parse(JSON.parse(job.payload)), o.mapping, o.attribution);
    if (!result.ok) throw new Permanent(result.reason);
    return result.sale;
  };

  async function contact(state: State, sale: Sale): Promise<string> {
    if (state.contact) return state.contact;
    const existing = await o.api.findContact(sale.order.email);
    // Not saved on its own: saveorupdate merges on email, so a rerun after a kill repeats it harmlessly.
    state.contact = await o.api.saveContact(contactFields(sale, !existing));
    return state.contact;
  }

  /** Product ids by merchant item id; new ones also go to `kv`, so later orders skip the look-up. */
  async function products(state: State, sale: Sale, kv: State): Promise<Record<string, string>> {
    const ids: Record<string, string> = {};
    for (const item of sale.order.items) {
      const known = state['product:' + item.id] || o.store.kv('product:' + item.id);
      if (known) { ids[item.id] = known.split('|')[0]; continue; }
      const found = await o.api.findProduct(item.id);
      ids[item.id] = found ? found.id : await o.api.createProduct({ name: item.name || item.id, price: formatCents(item.price), [o.mapping.productKeyField]: item.id });
      // Saved with the next step: a rerun finds a product created before a kill by its key.
      state['product:' + item.id] = ids[item.id];
      // Name and price unknown here: the next sync compares and updates the product once.
      kv['product:' + item.id] = ids[item.id] + '|';
    }
    return ids;
  }

  /** Logs a transaction once: a retry after an unknown outcome looks it up before logging again. */
  async function logOnce(job: Job, state: State, step: string, body: object, orderKey: string): Promise<string> {
    if (state[step]) return state[step];
    if (state[step + ':tried']) state[step] = (await o.api.findTransaction(orderKey)) ?? '';
    if (!state[step]) {
      // On disk before the request leaves: from here on a rerun looks the transaction up first.
      state[step + ':tried'] = '1';
      save(job, state);
      state[step] = await o.api.logTransaction(body);
    }
    return state[step];
  }

  /** Logs the sale (or its net, or its decline) once; `orderKey` is what a retry looks it up by. */
  async function apiSale(job: Job, state: State, kv: State, sale: Sale, net = sale.order.total, step = 'transaction', orderKey = sale.order.orderId): Promise<string> {
    const contactId = await contact(state, sale);
    const ids = await products(state, sale, kv);
    const body = { ...transactionBody(sale, contactId, ids, o.mapping, net), [o.mapping.orderIdField]: orderKey };
    return logOnce(job, state, step, body, orderKey);
  }

  /** Each handler returns its result; `kv` is written in the same commit as the job's "done". */
  const handlers: Record<string, (job: Job, state: State, kv: State) => Promise<string>> = {
    async sale(job, state, kv) {
      const sale = saleOf(job);
      if (o.sales == 'pixel') {
        await o.api.sendPixel(salePixelUrl(sale, o.pixelOrigin, o.mapping));
        return 'pixel sent';
      }
      const id = await apiSale(job, state, kv, sale);
      kv['transaction:' + sale.order.orderId] = id;
      return 'transaction ' + id;
    },
    async refund(job, state, kv) {
      const sale = saleOf(job);
      const current = state.original || o.store.kv('transaction:' + sale.order.orderId) || (await o.api.findTransaction(sale.order.orderId));
      if (!current) throw new Retryable(`no ONTRAPORT transaction found yet for order ${sale.order.orderId}`);
      state.original = current;
      if (netCents(sale) == 0) {
        await o.api.refund(current);
        return 'refunded ' + current;
      }
      // Partial: ONTRAPORT refunds only whole transactions, so void it and log the net.
      if (!state.voided) { await o.api.void(current); state.voided = '1'; save(job, state); }
      const id = await apiSale(job, state, kv, sale, netCents(sale), 'net');
      kv['transaction:' + sale.order.orderId] = id;
      return `voided ${current}, net ${netCents(sale)} cents as ${id}`;
    },
    async decline(job, state, kv) {
      const uc = Order.parse(JSON.parse(job.payload));
      const result = orderToSale({ ...uc, payment: { ...uc.payment, payment_status: 'Declined' } }, o.mapping, o.attribution);
      if (!result.ok) throw new Permanent(result.reason);
      // Its own order key: a sale of the same order is another transaction, looked up apart.
      const id = await apiSale(job, state, kv, result.sale, result.sale.order.total, 'declined', result.sale.order.orderId + o.mapping.declinedOrderIdSuffix);
      await o.api.decline(id);
      return 'declined ' + id;
    },
    async product(job) {
      const item = Item.parse(JSON.parse(job.payload));
      return upsertProduct(o.api, o.store, item, o.mapping);
    },
  };

  /** Runs one due job; false when none is due. */
  async function step(): Promise<boolean> {
    const job = o.store.nextJob(o.clock.now());
    if (!job) return false;
    try {
      const kv: State = {};
      const result = await handlers[job.kind](job, { ...job.state }, kv);
      o.store.done(job.id, result, o.clock.now(), kv);
      log(`done ${job.key}: ${result}`);
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof Retryable && job.attempts + 1 < maxAttempts) {
        const wait = Math.max(error.waitMs ?? 0, Math.min(backoff * 2 ** job.attempts, 30 * 60_000));
        o.store.retry(job.id, message, o.clock.now() + wait);
        log(`retry ${job.key} in ${Math.round(wait / 1000)} s: ${message}`);
      } else {
        o.store.giveUp(job.id, message, o.clock.now());
        log(`given up ${job.key}: ${message}`);
      }
    }
    return true;
  }

  return { step };
}

export interface UpsertOptions {
  /** Finds an ONTRAPORT product by merchant item id. @defaultValue one `findProduct` request */
  find?: (key: string) => Promise<{ id: string; name?: string; price?: string } | undefined>;
  /** Records what the bridge knows of a product. @defaultValue `store.setKv`, one commit each */
  remember?: (key: string, value: string) => void;
}

/**
 * Creates or updates the product matched by merchant item id; writes nothing when unchanged.
 * What is remembered is only a shortcut: lost (a kill before its commit), the next run finds
 * the product again by its key, so it is never created twice.
 */
export async function upsertProduct(api: OntraportApi, store: Store, item: import('./ultracart.js').UltraCartItem, mapping: Mapping, options: UpsertOptions = {}): Promise<'created' | 'updated' | 'unchanged'> {
  const fields = productFields(item, mapping);
  if (typeof fields == 'string') throw new Permanent(fields);
  const remember = options.remember ?? ((k, v) => store.setKv(k, v));
  const key = 'product:' + item.merchant_item_id;
  const seen = store.kv(key);
  const signature = `${fields.name}|${fields.price}`;
  if (seen && seen.slice(seen.indexOf('|') + 1) == signature) return 'unchanged';
  let id = seen?.split('|')[0];
  let outcome: 'created' | 'updated' | 'unchanged' = 'updated';
  if (!id) {
    const found = await (options.find ?? ((k) => api.findProduct(k)))(item.merchant_item_id);
    if (found && found.name == fields.name && Number(found.price) == Number(fields.price)) {
      remember(key, `${found.id}|${signature}`);
      return 'unchanged';
    }
    id = found?.id;
  }
  if (id) await api.updateProduct(id, fields);
  else { id = await api.createProduct(fields); outcome = 'created'; }
  remember(key, `${id}|${signature}`);
  return outcome;
}
