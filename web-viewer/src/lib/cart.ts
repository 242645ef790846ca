/** One product in the bag, with what the page needs to show it without asking the server again. */
export interface CartLine {
  productId: string;
  title: string;
  priceCents: number;
  currency: string;
  imageUrl: string | null;
  merchantId: string;
  quantity: number;
  /** The live show it was added from, so its KOL is credited (the server checks that it qualifies). */
  streamId?: string;
}

const KEY = 'streamcart.cart';
const MAX_QUANTITY = 100;
const CHANGED = 'streamcart:cart-changed';

function read(): CartLine[] {
  try {
    const lines = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(lines) ? (lines as CartLine[]).filter((l) => typeof l.productId === 'string' && l.quantity > 0) : [];
  } catch {
    return [];
  }
}

function write(lines: CartLine[]): void {
  localStorage.setItem(KEY, JSON.stringify(lines));
  window.dispatchEvent(new Event(CHANGED));
}

/**
 * The shopping bag, kept in this browser until checkout (like any shop's guest cart); the server
 * prices it again at checkout, so nothing here is trusted.
 */
export const cart = {
  lines: read,

  count(): number {
    return read().reduce((sum, l) => sum + l.quantity, 0);
  },

  /** Adds `quantity` of a product (on top of what is already in the bag). */
  add(line: Omit<CartLine, 'quantity'>, quantity = 1): void {
    const lines = read();
    const existing = lines.find((l) => l.productId === line.productId);
    if (existing) existing.quantity = Math.min(MAX_QUANTITY, existing.quantity + quantity);
    else lines.push({ ...line, quantity: Math.min(MAX_QUANTITY, quantity) });
    write(lines);
  },

  setQuantity(productId: string, quantity: number): void {
    const lines = read()
      .map((l) => (l.productId === productId ? { ...l, quantity: Math.min(MAX_QUANTITY, Math.max(0, Math.floor(quantity))) } : l))
      .filter((l) => l.quantity > 0);
    write(lines);
  },

  remove(productId: string): void {
    write(read().filter((l) => l.productId !== productId));
  },

  clear(): void {
    write([]);
  },

  /** Calls `listener` when the bag changes, in this tab or another. */
  onChange(listener: () => void): void {
    window.addEventListener(CHANGED, listener);
    window.addEventListener('storage', (event) => {
      if (event.key === KEY) listener();
    });
  },
};
