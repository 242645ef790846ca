import type { RealtimeBus } from '../../realtime/bus.ts';
import { rooms } from '../../realtime/contract.ts';
import { KeyedThrottle } from '../../realtime/throttle.ts';

/** A purchase line reaches a stream's room at most this often; the ones between ride along as "and N others". */
const PURCHASE_EVERY_MS = 3000;
/** A product's stock reaches a stream's room at most this often. */
const STOCK_EVERY_MS = 500;

/**
 * The name a room may show for a buyer: the first name and the last name's initial ("Mei Lin" →
 * "Mei L."), one word as it is. Never the full name; a name without letters is "Someone".
 */
export function shortBuyerName(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  const first = words[0];
  if (!first) return 'Someone';
  const last = words.length > 1 ? words.at(-1) : undefined;
  const initial = last ? Array.from(last)[0]?.toUpperCase() : undefined;
  return initial ? `${first} ${initial}.` : first;
}

/** What markPaid knows of an order that just became paid. */
export interface PaidOrder {
  orderId: string;
  buyerId: string;
  streamId: string | null;
}

interface PendingLine {
  displayName: string;
  productTitle: string;
}

/**
 * A stream's room hears its sales: `purchase:new` ("Mei L. just bought the Longjing tea", the
 * first at once, then at most one line per PURCHASE_EVERY_MS with how many others bought
 * meanwhile) and `product:stock` for each product the order took (throttled). Orders not placed
 * in a stream say nothing. Fire and forget: a failure is logged, never the payment's.
 */
export class LiveSalesBroadcaster {
  readonly #bus: RealtimeBus;
  readonly #orderLines: (order: PaidOrder) => Promise<readonly { productId: string }[]>;
  readonly #products: (productIds: readonly string[]) => Promise<Map<string, { title: string; stock: number }>>;
  readonly #displayName: (userId: string) => Promise<string>;
  readonly #onError: (error: unknown) => void;
  readonly #purchaseEveryMs: number;
  readonly #stock: KeyedThrottle;
  /** Per stream with a window open: the lines waiting for its end. */
  readonly #windows = new Map<string, { timer: NodeJS.Timeout; waiting: PendingLine[] }>();

  constructor(deps: {
    bus: RealtimeBus;
    orderLines: (order: PaidOrder) => Promise<readonly { productId: string }[]>;
    products: (productIds: readonly string[]) => Promise<Map<string, { title: string; stock: number }>>;
    displayName: (userId: string) => Promise<string>;
    onError?: (error: unknown) => void;
    purchaseEveryMs?: number;
    stockEveryMs?: number;
  }) {
    this.#bus = deps.bus;
    this.#orderLines = deps.orderLines;
    this.#products = deps.products;
    this.#displayName = deps.displayName;
    this.#onError = deps.onError ?? (() => {});
    this.#purchaseEveryMs = deps.purchaseEveryMs ?? PURCHASE_EVERY_MS;
    this.#stock = new KeyedThrottle(deps.stockEveryMs ?? STOCK_EVERY_MS, (key) => this.#sendStock(key), this.#onError);
  }

  /** An order became paid (called once per order). */
  orderPaid(order: PaidOrder): void {
    if (!order.streamId) return;
    this.#announce(order, order.streamId).catch(this.#onError);
  }

  close(): void {
    this.#stock.close();
    for (const { timer } of this.#windows.values()) clearTimeout(timer);
    this.#windows.clear();
  }

  async #announce(order: PaidOrder, streamId: string): Promise<void> {
    const lines = await this.#orderLines(order);
    const productIds = [...new Set(lines.map((l) => l.productId))];
    for (const productId of productIds) this.#stock.touch(`${streamId}|${productId}`);
    const [products, name] = await Promise.all([this.#products(productIds.slice(0, 1)), this.#displayName(order.buyerId)]);
    const first = productIds[0];
    const productTitle = (first && products.get(first)?.title) ?? 'something';
    this.#queueLine(streamId, { displayName: shortBuyerName(name), productTitle });
  }

  /** The first line in a quiet room goes out at once; later ones wait for the window's end. */
  #queueLine(streamId: string, line: PendingLine): void {
    const window = this.#windows.get(streamId);
    if (window) {
      window.waiting.push(line);
      return;
    }
    this.#sendLine(streamId, [line]);
    this.#openWindow(streamId);
  }

  #openWindow(streamId: string): void {
    const timer = setTimeout(() => {
      const waiting = this.#windows.get(streamId)?.waiting ?? [];
      this.#windows.delete(streamId);
      if (waiting.length === 0) return;
      this.#sendLine(streamId, waiting);
      this.#openWindow(streamId);
    }, this.#purchaseEveryMs);
    timer.unref();
    this.#windows.set(streamId, { timer, waiting: [] });
  }

  #sendLine(streamId: string, lines: PendingLine[]): void {
    const latest = lines.at(-1);
    if (!latest) return;
    this.#bus
      .publish({
        room: rooms.stream(streamId),
        event: 'purchase:new',
        payload: { streamId, displayName: latest.displayName, productTitle: latest.productTitle, others: lines.length - 1 },
      })
      .catch(this.#onError);
  }

  async #sendStock(key: string): Promise<void> {
    const [streamId, productId] = key.split('|') as [string, string];
    const product = (await this.#products([productId])).get(productId);
    if (!product) return;
    await this.#bus.publish({
      room: rooms.stream(streamId),
      event: 'product:stock',
      payload: { streamId, productId, stock: product.stock },
    });
  }
}
