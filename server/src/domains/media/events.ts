import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../../errors.ts';
import { rooms } from '../../realtime/contract.ts';
import { acked, type LiveSocket, type SocketHandlers } from '../../realtime/gateway.ts';
import { ConnectRequest, ConsumeRequest, ConsumerRef, ProduceRequest, SetLayersRequest, StreamRef, TransportRequest } from './schema.ts';
import type { MediaCaller, MediaSignalling } from './signalling.ts';

function parse<T extends z.ZodType>(schema: T, payload: unknown): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'The media request is not valid', parsed.error.issues);
  return parsed.data;
}

const callerOf = (socket: LiveSocket): MediaCaller => ({
  socketId: socket.id,
  userId: socket.data.userId,
  joinedStreams: socket.data.joinedStreams,
});

/**
 * The `media:` events (WebRTC signalling for mediasoup). Identity comes from the socket, never
 * from the payload; a socket's transports, producers and consumers close when it leaves the
 * stream or disconnects.
 */
export function mediaSocketHandlers(deps: { signalling: MediaSignalling; log: FastifyBaseLogger }): SocketHandlers {
  const { signalling, log } = deps;
  return (socket) => {
    socket.on('media:capabilities', (payload, ack) =>
      acked(log, ack, async () => {
        const { streamId } = parse(StreamRef, payload);
        return { rtpCapabilities: await signalling.capabilities(callerOf(socket), streamId) };
      }),
    );

    socket.on('media:transport', (payload, ack) =>
      acked(log, ack, async () => {
        const { streamId, direction } = parse(TransportRequest, payload);
        const params = await signalling.openTransport(callerOf(socket), streamId, direction);
        // The publishing KOL hears media:restart and viewers:count without counting as a viewer.
        if (direction === 'send') await socket.join(rooms.stream(streamId));
        return params;
      }),
    );

    socket.on('media:connect', (payload, ack) =>
      acked(log, ack, async () => {
        const { transportId, dtlsParameters } = parse(ConnectRequest, payload);
        await signalling.connect(callerOf(socket), transportId, dtlsParameters);
        return {};
      }),
    );

    socket.on('media:produce', (payload, ack) =>
      acked(log, ack, async () => {
        const { transportId, kind, rtpParameters } = parse(ProduceRequest, payload);
        return { producerId: await signalling.produce(callerOf(socket), transportId, kind, rtpParameters) };
      }),
    );

    socket.on('media:consume', (payload, ack) =>
      acked(log, ack, async () => {
        const { transportId, rtpCapabilities } = parse(ConsumeRequest, payload);
        return { consumers: await signalling.consume(callerOf(socket), transportId, rtpCapabilities) };
      }),
    );

    socket.on('media:resume', (payload, ack) =>
      acked(log, ack, async () => {
        const { consumerId } = parse(ConsumerRef, payload);
        await signalling.resume(callerOf(socket), consumerId);
        return {};
      }),
    );

    socket.on('media:set-layers', (payload, ack) =>
      acked(log, ack, async () => {
        const { consumerId, spatialLayer, temporalLayer } = parse(SetLayersRequest, payload);
        await signalling.setLayers(callerOf(socket), consumerId, spatialLayer, temporalLayer);
        return {};
      }),
    );

    socket.on('stream:leave', (payload) => {
      const parsed = StreamRef.safeParse(payload);
      if (parsed.success) signalling.leave(socket.id, parsed.data.streamId);
    });

    socket.on('disconnect', () => signalling.leaveAll(socket.id));
  };
}
