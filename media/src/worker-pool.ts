import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import * as mediasoup from 'mediasoup';
import { assertValidMediaConfig, type MediaConfig, type MediaLogger, silentLogger, slotPortRange } from './media-config.ts';

/** One mediasoup Worker and the WebRtcServer that all its transports share. */
export interface WorkerSlot {
  readonly index: number;
  readonly worker: types.Worker;
  readonly webRtcServer: types.WebRtcServer;
  readonly routerCount: number;
  /** Consumers on all the worker's routers (viewers' tracks and pipes to other workers). */
  readonly consumerCount: number;
}

export interface WorkerReplacedEvent {
  index: number;
  pid: number;
  oldPid: number;
}

export type WorkerPoolEvents = {
  workerreplaced: [WorkerReplacedEvent];
};

export interface WorkerPoolHealth {
  ok: boolean;
  workers: { pid: number; routers: number; consumers: number; ok: boolean }[];
  version: string;
}

interface Slot extends WorkerSlot {
  routerCount: number;
  consumerCount: number;
}

const MAX_RETRY_DELAY_MS = 10_000;

const isAlive = (slot: WorkerSlot) => !slot.worker.died && !slot.worker.closed;

const isLessLoaded = (a: Slot, b: Slot) =>
  a.consumerCount < b.consumerCount || (a.consumerCount === b.consumerCount && a.routerCount < b.routerCount);

/** A fixed number of mediasoup workers; a worker that dies is replaced in the same slot. */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  readonly #config: MediaConfig;
  readonly #log: MediaLogger;
  readonly #slots: Slot[] = [];
  readonly #retryTimers = new Set<NodeJS.Timeout>();
  #closed = false;

  /** Starts `config.numWorkers` workers; rejects (and stops any started) if one fails to start. */
  static async start(config: MediaConfig, log: MediaLogger = silentLogger): Promise<WorkerPool> {
    assertValidMediaConfig(config);
    const pool = new WorkerPool(config, log);
    try {
      for (let index = 0; index < config.numWorkers; index++) {
        pool.#slots.push(await pool.#startSlot(index));
      }
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  constructor(config: MediaConfig, log: MediaLogger) {
    super();
    this.#config = config;
    this.#log = log;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The current slots, in index order. */
  get slots(): readonly WorkerSlot[] {
    return [...this.#slots];
  }

  /**
   * Returns the live slot with the fewest consumers (then routers), leaving out the `excluding`
   * slot indexes. Throws when no such worker is alive.
   */
  pickLeastLoaded({ excluding }: { excluding?: ReadonlySet<number> } = {}): WorkerSlot {
    let best: Slot | undefined;
    for (const slot of this.#slots) {
      if (!isAlive(slot) || excluding?.has(slot.index)) continue;
      if (!best || isLessLoaded(slot, best)) best = slot;
    }
    if (!best) throw new Error('media: no live mediasoup worker (pool closed or restarting)');
    return best;
  }

  /** Reports each worker; `ok` is false while a worker is being replaced or after close(). */
  health(): WorkerPoolHealth {
    const workers = this.#slots.map((slot) => ({
      pid: slot.worker.pid,
      routers: slot.routerCount,
      consumers: slot.consumerCount,
      ok: isAlive(slot),
    }));
    const ok = !this.#closed && workers.length === this.#config.numWorkers && workers.every((w) => w.ok);
    return { ok, workers, version: mediasoup.version };
  }

  /** Closes every worker and stops replacing them; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#retryTimers.clear();
    for (const slot of this.#slots) slot.worker.close();
  }

  async #startSlot(index: number): Promise<Slot> {
    const { workerBin, logLevel = 'warn', listenIp, announcedAddress } = this.#config;
    const worker = await mediasoup.createWorker({ workerBin, logLevel, appData: { slot: index } });
    let webRtcServer: types.WebRtcServer;
    try {
      const listen = { ip: listenIp, announcedAddress, portRange: slotPortRange(this.#config, index) };
      webRtcServer = await worker.createWebRtcServer({
        listenInfos: [
          { protocol: 'udp', ...listen },
          { protocol: 'tcp', ...listen },
        ],
      });
    } catch (error) {
      worker.close();
      throw error;
    }
    const slot: Slot = { index, worker, webRtcServer, routerCount: 0, consumerCount: 0 };
    worker.observer.on('newrouter', (router) => {
      slot.routerCount++;
      router.observer.once('close', () => {
        slot.routerCount--;
      });
      router.observer.on('newtransport', (transport) =>
        transport.observer.on('newconsumer', (consumer) => {
          slot.consumerCount++;
          consumer.observer.once('close', () => {
            slot.consumerCount--;
          });
        }),
      );
    });
    worker.once('died', (error) => this.#onWorkerDied(slot, error));
    return slot;
  }

  #onWorkerDied(slot: Slot, error: Error): void {
    // A worker that dies before it was installed is handled by the replace attempt that started it.
    if (this.#closed || this.#slots[slot.index] !== slot) return;
    this.#log.error({ err: error, slot: slot.index, pid: slot.worker.pid }, 'mediasoup worker died, replacing it');
    void this.#replace(slot.index, slot.worker.pid, 0);
  }

  async #replace(index: number, oldPid: number, attempt: number): Promise<void> {
    let slot: Slot;
    try {
      slot = await this.#startSlot(index);
      if (slot.worker.died) throw new Error(`media: replacement worker ${slot.worker.pid} died at start`);
    } catch (error) {
      if (this.#closed) return;
      const delayMs = Math.min(250 * 2 ** attempt, MAX_RETRY_DELAY_MS);
      this.#log.error({ err: error, slot: index, attempt, delayMs }, 'could not replace mediasoup worker, retrying');
      const timer = setTimeout(() => {
        this.#retryTimers.delete(timer);
        void this.#replace(index, oldPid, attempt + 1);
      }, delayMs);
      this.#retryTimers.add(timer);
      return;
    }
    if (this.#closed) {
      slot.worker.close();
      return;
    }
    this.#slots[index] = slot;
    const event: WorkerReplacedEvent = { index, pid: slot.worker.pid, oldPid };
    this.#log.info(event, 'mediasoup worker replaced');
    try {
      this.emit('workerreplaced', event);
    } catch (error) {
      this.#log.error({ err: error, ...event }, 'workerreplaced listener threw');
    }
  }
}
