/**
 * The account's products, pure state: what `POST /1/Products` creates and `PUT` changes, kept
 * with every field the caller sent (the bridge matches on `sku`, the merchant item id).
 */

/** A product of the account. */
export interface AccountProduct {
  id: number;
  name: string;
  /** As sent, decimal currency units: `19.95`. */
  price: string;
  /** Every field as sent (`name`, `price`, `sku`, ...). */
  fields: Record<string, string>;
  updatedAt: string;
}

const FIRST_PRODUCT_ID = 301;

export function createProductList() {
  let products: AccountProduct[] = [];
  let nextId = FIRST_PRODUCT_ID;
  const copy = (p: AccountProduct): AccountProduct => ({ ...p, fields: { ...p.fields } });
  const refresh = (p: AccountProduct) => {
    p.name = p.fields.name ?? '';
    p.price = p.fields.price ?? '';
    p.updatedAt = new Date().toISOString();
  };
  return {
    products: () => products.map(copy),
    createProduct(fields: Record<string, string>): AccountProduct {
      const p: AccountProduct = { id: nextId++, name: '', price: '', fields: { ...fields }, updatedAt: '' };
      refresh(p);
      products.push(p);
      return copy(p);
    },
    /** Changes the fields given; undefined for an unknown id. */
    updateProduct(id: number, fields: Record<string, string>): AccountProduct | undefined {
      const p = products.find((x) => x.id == id);
      if (!p) return undefined;
      Object.assign(p.fields, fields);
      refresh(p);
      return copy(p);
    },
    findProducts: (field: string, value: string) => products.filter((p) => p.fields[field] == value).map(copy),
    productById: (id: number) => {
      const p = products.find((x) => x.id == id);
      return p && copy(p);
    },
    resetProducts(): void {
      products = [];
      nextId = FIRST_PRODUCT_ID;
    },
  };
}
