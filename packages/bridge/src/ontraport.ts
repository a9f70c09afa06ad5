/**
 * The ONTRAPORT REST calls the bridge makes, with `Api-Appid` and `Api-Key` on each. Answers
 * are `{ code: 0, data, account_id }`; anything else is an error naming the call.
 */
import { Permanent, Retryable, type Http } from './http.js';
import type { Mapping } from './mapping.js';

export interface OntraportApi {
  findContact(email: string): Promise<{ id: string } | undefined>;
  saveContact(fields: Record<string, string>): Promise<string>;
  findTransaction(orderId: string): Promise<string | undefined>;
  logTransaction(body: object): Promise<string>;
  refund(transactionId: string): Promise<void>;
  void(transactionId: string): Promise<void>;
  decline(transactionId: string): Promise<void>;
  findProduct(key: string): Promise<{ id: string; name?: string; price?: string } | undefined>;
  /** One page of the account's products, `range` (at most 50) from `start`. */
  listProducts(start: number, range?: number): Promise<Record<string, string>[]>;
  createProduct(fields: Record<string, string>): Promise<string>;
  updateProduct(id: string, fields: Record<string, string>): Promise<void>;
  sendPixel(url: string): Promise<void>;
}

const condition = (field: string, value: string) =>
  JSON.stringify([{ field: { field }, op: '=', value: { value } }]);

export function ontraportApi(base: string, appId: string, apiKey: string, http: Http, mapping: Mapping): OntraportApi {
  const headers = { 'Api-Appid': appId, 'Api-Key': apiKey, Accept: 'application/json' };
  async function call(method: string, path: string, body?: { form?: Record<string, string>; json?: object }) {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body?.form) {
      init.body = new URLSearchParams(body.form).toString();
      (init.headers as Record<string, string>)['Content-Type'] = 'application/x-www-form-urlencoded';
    } else if (body?.json) {
      init.body = JSON.stringify(body.json);
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    }
    const response = await http.request(`${base}/1/${path}`, init);
    const text = await response.text().catch(() => '');
    let answer: { code?: number; data?: unknown };
    try { answer = JSON.parse(text); } catch { throw new Retryable(`${method} /1/${path}: answer is not JSON (HTTP ${response.status})`); }
    if (!response.ok || answer.code !== 0) throw new Permanent(`${method} /1/${path}: HTTP ${response.status}, ${text.slice(0, 200)}`);
    return answer.data as Record<string, unknown> & unknown[];
  }
  const first = (data: unknown) => (Array.isArray(data) ? data[0] : undefined) as Record<string, string> | undefined;
  const idOf = (data: Record<string, unknown>, what: string) => {
    const id = data?.id ?? data?.invoice_id ?? data?.transaction_id;
    if (id == null) throw new Permanent(`${what}: the answer carries no id`);
    return String(id);
  };
  const ids = (id: string) => ({ objectID: mapping.transactionObjectId, ids: [Number(id)] });
  return {
    async findContact(email) {
      const row = first(await call('GET', `Contacts?condition=${encodeURIComponent(condition('email', email))}`));
      return row ? { id: String(row.id) } : undefined;
    },
    saveContact: async (fields) => idOf(await call('POST', 'Contacts/saveorupdate', { form: fields }), 'Contacts/saveorupdate'),
    async findTransaction(orderId) {
      const row = first(await call('GET', `Transactions?condition=${encodeURIComponent(condition(mapping.orderIdField, orderId))}`));
      return row ? String(row.id) : undefined;
    },
    logTransaction: async (body) => idOf(await call('POST', 'transaction/processManual', { json: body }), 'transaction/processManual'),
    refund: async (id) => void (await call('PUT', 'transaction/refund', { json: ids(id) })),
    void: async (id) => void (await call('PUT', 'transaction/void', { json: ids(id) })),
    decline: async (id) => void (await call('PUT', 'transaction/convertToDecline', { form: { id } })),
    async findProduct(key) {
      const row = first(await call('GET', `Products?condition=${encodeURIComponent(condition(mapping.productKeyField, key))}`));
      return row ? { id: String(row.id), name: row.name, price: row.price } : undefined;
    },
    async listProducts(start, range = 50) {
      const rows = await call('GET', `Products?start=${start}&range=${range}`);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v ?? '')]))) : [];
    },
    createProduct: async (fields) => idOf(await call('POST', 'Products', { form: fields }), 'Products'),
    updateProduct: async (id, fields) => void (await call('PUT', 'Products', { form: { id, ...fields } })),
    async sendPixel(url) {
      const response = await http.request(url, { method: 'GET' });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Permanent(`pixel: HTTP ${response.status}`);
    },
  };
}
