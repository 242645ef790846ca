import type { types } from 'mediasoup';
import { RoomRouter } from '../../media/src/room-router.ts';
import type { WorkerPool } from '../../media/src/worker-pool.ts';

export const VIDEO_SSRC = 12_345_678;
export const VIDEO_PAYLOAD_TYPE = 101;

const LOCALHOST = { protocol: 'udp', ip: '127.0.0.1' } as const;
/** Consumers created at once; more only lengthens the worker's request queue. */
const SETUP_BATCH = 50;

/**
 * One VP8 producer on a PlainTransport of an origin router and consumers on PlainTransports that
 * send to local UDP sinks. With two workers an edge router (the product's RoomRouter, piped with
 * its pipeFrom()) takes half the consumers, as a stream past its per-router threshold does.
 */
export class FanOut {
  readonly routers: readonly RoomRouter[];
  readonly producer: types.Producer;
  /** Where the RTP source sends (comedia: the worker learns the source's address from it). */
  readonly producerPort: number;
  /** Where the source sends RTCP when it is not multiplexed with RTP. */
  readonly producerRtcpPort: number | undefined;
  readonly #consumers: Map<RoomRouter, number>;

  /**
   * Creates the origin on slot 0 and, when the pool has a second worker, an edge on slot 1.
   * `rtcpMux: false` suits senders (ffmpeg) whose RTCP leaves from another port than their RTP.
   */
  static async create(pool: WorkerPool, { rtcpMux }: { rtcpMux: boolean }): Promise<FanOut> {
    const [originSlot, edgeSlot] = pool.slots;
    if (!originSlot) throw new Error('bench/sfu: no worker');
    const origin = await RoomRouter.create({ streamId: 'bench', slot: originSlot, role: 'origin' });
    const input = await origin.router.createPlainTransport({ listenInfo: LOCALHOST, rtcpMux, comedia: true });
    const producer = await input.produce({
      kind: 'video',
      rtpParameters: {
        codecs: [
          {
            mimeType: 'video/VP8',
            payloadType: VIDEO_PAYLOAD_TYPE,
            clockRate: 90000,
            rtcpFeedback: [
              { type: 'nack', parameter: 'pli' },
              { type: 'ccm', parameter: 'fir' },
            ],
          },
        ],
        encodings: [{ ssrc: VIDEO_SSRC }],
      },
    });
    const routers = [origin];
    if (edgeSlot) {
      const edge = await RoomRouter.create({ streamId: 'bench', slot: edgeSlot, role: 'edge' });
      await edge.pipeFrom(origin.router, producer.id);
      routers.push(edge);
    }
    return new FanOut(routers, producer, input);
  }

  constructor(routers: RoomRouter[], producer: types.Producer, input: types.PlainTransport) {
    this.routers = routers;
    this.producer = producer;
    this.producerPort = input.tuple.localPort;
    this.producerRtcpPort = input.rtcpTuple?.localPort;
    this.#consumers = new Map(routers.map((router) => [router, 0]));
  }

  /** Consumers on the router's worker. */
  consumersOn(router: RoomRouter): number {
    return this.#consumers.get(router) ?? 0;
  }

  get consumerCount(): number {
    return [...this.#consumers.values()].reduce((sum, count) => sum + count, 0);
  }

  /** Adds one consumer per sink port, each on the router with the fewest consumers. */
  async addConsumers(ports: readonly number[]): Promise<void> {
    for (let start = 0; start < ports.length; start += SETUP_BATCH) {
      const batch = ports.slice(start, start + SETUP_BATCH).map((port) => {
        const router = this.#leastUsedRouter();
        this.#consumers.set(router, this.consumersOn(router) + 1);
        return this.#addConsumer(router, port);
      });
      await Promise.all(batch);
    }
  }

  /** RTP packets the producer has received so far. */
  async producerPackets(): Promise<{ received: number }> {
    const stats = await this.producer.getStats();
    return { received: stats.reduce((sum, entry) => sum + entry.packetCount, 0) };
  }

  close(): void {
    for (const roomRouter of [...this.routers].reverse()) roomRouter.router.close();
  }

  #leastUsedRouter(): RoomRouter {
    return this.routers.reduce((best, candidate) => (this.consumersOn(candidate) < this.consumersOn(best) ? candidate : best));
  }

  async #addConsumer(roomRouter: RoomRouter, port: number): Promise<void> {
    const { router } = roomRouter;
    const transport = await router.createPlainTransport({ listenInfo: LOCALHOST, rtcpMux: true, comedia: false });
    await transport.connect({ ip: '127.0.0.1', port });
    // A plain RTP receiver: VP8 only, no header extensions, no RTX, no congestion feedback.
    const vp8 = router.rtpCapabilities.codecs?.filter((codec) => codec.mimeType === 'video/VP8') ?? [];
    await transport.consume({ producerId: this.producer.id, rtpCapabilities: { codecs: vp8, headerExtensions: [] } });
  }
}
