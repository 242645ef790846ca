import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { once } from 'node:events';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMedia, type Media, type StreamRoom, type WorkerReplacedEvent } from './index.ts';
import { resolveWorkerBin } from './worker-bin.ts';

const CONSUMERS_PER_ROUTER = 2;
const EDGE_IDLE_CLOSE_MS = 300;
const VIDEO_SSRC = 22_222_222;

/** A VP8 RTP packet with an empty payload descriptor, enough for the worker to forward it. */
function vp8Packet(sequenceNumber: number): Buffer {
  const packet = Buffer.alloc(12 + 1 + 100, 0);
  packet[0] = 0x80;
  packet[1] = 101;
  packet.writeUInt16BE(sequenceNumber, 2);
  packet.writeUInt32BE(sequenceNumber * 3000, 4);
  packet.writeUInt32BE(VIDEO_SSRC, 8);
  packet[12] = 0x10;
  return packet;
}

describe('a stream room spread over two workers', () => {
  let media: Media;

  beforeAll(async () => {
    const rtcMinPort = 43000 + 100 * randomInt(10);
    media = await createMedia({
      workerBin: resolveWorkerBin(process.env.MEDIASOUP_WORKER_BIN),
      numWorkers: 2,
      listenIp: '127.0.0.1',
      rtcMinPort,
      rtcMaxPort: rtcMinPort + 99,
      consumersPerRouter: CONSUMERS_PER_ROUTER,
      edgeIdleCloseMs: EDGE_IDLE_CLOSE_MS,
      logLevel: 'warn',
    });
  });
  afterAll(() => {
    media?.close();
  });

  /** A room whose KOL publishes one VP8 track from a PlainTransport fed by a local UDP socket. */
  async function roomWithVideo(streamId: string) {
    const room = await media.getOrCreateRoom(streamId);
    const input = await room.router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: true,
      comedia: true,
    });
    const producer = await input.produce({
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }],
        encodings: [{ ssrc: VIDEO_SSRC }],
      },
    });
    const camera = dgram.createSocket('udp4');
    let sequenceNumber = 0;
    const sendPackets = (count: number) => {
      for (let i = 0; i < count; i++) camera.send(vp8Packet(++sequenceNumber), input.tuple.localPort, '127.0.0.1');
    };
    return { room, producer, sendPackets, stop: () => camera.close() };
  }

  async function addViewer(room: StreamRoom, producer: types.Producer) {
    const transport = await room.createViewerTransport();
    const consumer = await room.consume(transport, { producerId: producer.id, rtpCapabilities: room.router.rtpCapabilities, paused: true });
    const placedOn = room.routers.find((candidate) => candidate.hasViewerTransport(transport));
    return { transport, consumer, placedOn };
  }

  it('serves the viewer past the threshold from an edge router on the other worker, fed by pipeToRouter', async () => {
    const { room, producer, sendPackets, stop } = await roomWithVideo('stream-edge');
    const first = await addViewer(room, producer);
    const second = await addViewer(room, producer);
    const third = await addViewer(room, producer);

    expect(first.placedOn?.role).toBe('origin');
    expect(second.placedOn?.role).toBe('origin');
    expect(third.placedOn).toMatchObject({ role: 'edge', slotIndex: 1 - room.slotIndex });
    const edgeDump = await third.placedOn?.router.dump();
    // The piped producer keeps its id, so a viewer's consume does not depend on where it was placed.
    expect(edgeDump?.mapProducerIdConsumerIds).toEqual([{ key: producer.id, values: [third.consumer.id] }]);

    sendPackets(30);
    await expect
      .poll(async () => (await third.consumer.getStats()).find((stats) => stats.type === 'inbound-rtp')?.packetCount ?? 0)
      .toBeGreaterThanOrEqual(30);
    stop();
    room.close();
  });

  it('places concurrent viewers within the threshold and creates one edge for them', async () => {
    const { room, producer, stop } = await roomWithVideo('stream-burst');
    const viewers = await Promise.all([1, 2, 3, 4].map(() => addViewer(room, producer)));

    expect(room.routers.map((r) => r.role)).toEqual(['origin', 'edge']);
    expect(room.routers.map((r) => r.viewerCount)).toEqual([2, 2]);
    // With every worker serving the stream at its threshold, the next viewer still gets a place.
    const fifth = await addViewer(room, producer);
    expect(room.routers).toHaveLength(2);
    expect(fifth.consumer.producerId).toBe(producer.id);
    expect(viewers.every((viewer) => !viewer.transport.closed)).toBe(true);
    stop();
    room.close();
  });

  it('closes only the edge when its worker dies, and places the next viewer on the replacement', async () => {
    const { room, producer, stop } = await roomWithVideo('stream-edge-crash');
    await addViewer(room, producer);
    await addViewer(room, producer);
    const onEdge = await addViewer(room, producer);
    const edgeSlot = onEdge.placedOn?.slotIndex ?? -1;
    const edgePid = media.pool.slots[edgeSlot]?.worker.pid ?? 0;
    const replaced = new Promise<WorkerReplacedEvent>((resolve) => media.pool.once('workerreplaced', resolve));
    const transportClosed = once(onEdge.transport.observer, 'close');

    process.kill(edgePid, 'SIGKILL');
    await transportClosed;

    expect(room.closed).toBe(false);
    expect(room.routers.map((r) => r.role)).toEqual(['origin']);
    expect(await replaced).toMatchObject({ index: edgeSlot, oldPid: edgePid });
    const next = await addViewer(room, producer);
    expect(next.placedOn).toMatchObject({ role: 'edge', slotIndex: edgeSlot, workerPid: media.pool.slots[edgeSlot]?.worker.pid });
    stop();
    room.close();
  });

  it('closes an edge that stayed without viewers, with its pipe, and keeps one a new viewer came to meanwhile', async () => {
    const { room, producer, stop } = await roomWithVideo('stream-edge-idle');
    await addViewer(room, producer);
    await addViewer(room, producer);
    const onEdge = await addViewer(room, producer);
    const edge = onEdge.placedOn;
    expect(edge?.role).toBe('edge');
    // The origin's transports: the KOL's input, two viewers, and one pipe per edge.
    const pipeTransportsOnOrigin = async () => (await room.router.dump()).transportIds.length - 3;
    expect(await pipeTransportsOnOrigin()).toBe(1);

    // A viewer leaves and another comes within the idle time: the edge stays.
    onEdge.transport.close();
    const next = await addViewer(room, producer);
    expect(next.placedOn).toBe(edge);
    await new Promise((resolve) => setTimeout(resolve, 2 * EDGE_IDLE_CLOSE_MS));
    expect(edge?.closed).toBe(false);

    // The last one leaves: the edge, and the pipe feeding it, close after the idle time.
    next.transport.close();
    await expect.poll(() => room.routers.map((r) => r.role), { timeout: 5000 }).toEqual(['origin']);
    expect(edge?.closed).toBe(true);
    expect(await pipeTransportsOnOrigin()).toBe(0);
    const edgeWorker = media.pool.slots[edge?.slotIndex ?? -1]?.worker;
    expect((await edgeWorker?.dump())?.routerIds).toEqual([]);

    // The stream goes on: the next viewer past the threshold gets a new edge.
    const again = await addViewer(room, producer);
    expect(again.placedOn).toMatchObject({ role: 'edge' });
    expect(again.placedOn).not.toBe(edge);
    stop();
    room.close();
  });

  it('close() closes the edges and leaves no router or pipe transport on either worker', async () => {
    const { room, producer, stop } = await roomWithVideo('stream-edge-close');
    for (let i = 0; i < 3; i++) await addViewer(room, producer);
    const [origin, edge] = room.routers;

    stop();
    room.close();

    expect(origin?.closed).toBe(true);
    expect(edge?.closed).toBe(true);
    const dumps = await Promise.all(media.pool.slots.map((slot) => slot.worker.dump()));
    expect(dumps.map((dump) => dump.routerIds)).toEqual([[], []]);
  });
});
