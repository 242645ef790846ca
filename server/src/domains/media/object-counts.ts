import type { types } from 'mediasoup';
import type { WorkerPool } from '../../../../media/src/index.ts';

export interface WorkerObjectCounts {
  slot: number;
  pid: number;
  alive: boolean;
  routers: number;
  transports: number;
  producers: number;
  consumers: number;
}

type Counts = Omit<WorkerObjectCounts, 'slot' | 'pid' | 'alive'>;

/**
 * Live mediasoup objects per worker, counted from mediasoup's observer events (no round trip
 * to the worker), including the workers that replace dead ones.
 */
export class MediaObjectCounts {
  readonly #pool: WorkerPool;
  readonly #counts = new WeakMap<types.Worker, Counts>();

  constructor(pool: WorkerPool) {
    this.#pool = pool;
    for (const slot of pool.slots) this.#track(slot.worker);
    // The new worker is installed before this event, and has no routers yet.
    pool.on('workerreplaced', ({ index }) => {
      const worker = pool.slots[index]?.worker;
      if (worker) this.#track(worker);
    });
  }

  /** One row per worker slot. */
  snapshot(): WorkerObjectCounts[] {
    return this.#pool.slots.map((slot) => ({
      slot: slot.index,
      pid: slot.worker.pid,
      alive: !slot.worker.died && !slot.worker.closed,
      ...(this.#counts.get(slot.worker) ?? { routers: 0, transports: 0, producers: 0, consumers: 0 }),
    }));
  }

  #track(worker: types.Worker): void {
    if (this.#counts.has(worker)) return;
    const counts: Counts = { routers: 0, transports: 0, producers: 0, consumers: 0 };
    this.#counts.set(worker, counts);
    const count = (key: keyof Counts, observer: { once(event: 'close', listener: () => void): unknown }) => {
      counts[key]++;
      observer.once('close', () => {
        counts[key]--;
      });
    };
    worker.observer.on('newrouter', (router) => {
      count('routers', router.observer);
      router.observer.on('newtransport', (transport) => {
        count('transports', transport.observer);
        transport.observer.on('newproducer', (producer) => count('producers', producer.observer));
        transport.observer.on('newconsumer', (consumer) => count('consumers', consumer.observer));
      });
    });
  }
}
