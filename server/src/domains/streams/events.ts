import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../errors.ts';
import type { RealtimeBus } from '../../realtime/bus.ts';
import { rooms, StreamJoinPayload, type StreamSnapshot } from '../../realtime/contract.ts';
import { acked, type SocketHandlers } from '../../realtime/gateway.ts';
import type { CommentService } from '../comments/service.ts';
import type { FlashSaleService } from '../flash-sales/service.ts';
import type { ViewerPresence } from './presence.ts';
import type { StreamService } from './service.ts';

/** stream:join (with the page snapshot) and stream:leave; presence feeds viewers:count. */
export function streamSocketHandlers(deps: {
  streams: StreamService;
  flashSales: FlashSaleService;
  comments: CommentService;
  presence: ViewerPresence;
  bus: RealtimeBus;
  log: FastifyBaseLogger;
}): SocketHandlers {
  const publishCount = (streamId: string, count: number) =>
    deps.bus.publish({ room: rooms.stream(streamId), event: 'viewers:count', payload: { streamId, count } });

  const leave = async (socketId: string, streamId: string) => {
    const count = await deps.presence.remove(streamId, socketId);
    await publishCount(streamId, count);
  };

  return (socket) => {
    socket.on('stream:join', (payload, ack) =>
      acked(deps.log, ack, async () => {
        const parsed = StreamJoinPayload.safeParse(payload);
        if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'streamId is required', parsed.error.issues);
        const { streamId } = parsed.data;
        const stream = await deps.streams.getStreamRow(streamId);
        await socket.join(rooms.stream(streamId));
        socket.data.joinedStreams.add(streamId);
        const viewerCount = await deps.presence.add(streamId, socket.id);
        void publishCount(streamId, viewerCount);
        const [pinnedProduct, sale, recentComments] = await Promise.all([
          deps.streams.getPinnedProduct(stream),
          deps.flashSales.getActiveSaleForStream(streamId),
          deps.comments.recentComments(streamId),
        ]);
        const snapshot: StreamSnapshot = {
          stream: {
            id: stream.id,
            kolId: stream.kolId,
            title: stream.title,
            status: stream.status,
            pinnedProductId: stream.pinnedProductId,
          },
          pinnedProduct,
          flashSale: sale && {
            id: sale.id,
            status: sale.status,
            remaining: sale.remaining,
            priceCents: sale.priceCents,
            startsAt: sale.startsAt,
            endsAt: sale.endsAt,
          },
          recentComments,
          viewerCount,
        };
        return { snapshot };
      }),
    );

    socket.on('stream:leave', (payload) => {
      const parsed = StreamJoinPayload.safeParse(payload);
      if (!parsed.success || !socket.data.joinedStreams.delete(parsed.data.streamId)) return;
      void socket.leave(rooms.stream(parsed.data.streamId));
      leave(socket.id, parsed.data.streamId).catch((error: unknown) => deps.log.warn({ err: error }, 'presence update failed'));
    });

    socket.on('disconnect', () => {
      for (const streamId of socket.data.joinedStreams) {
        leave(socket.id, streamId).catch((error: unknown) => deps.log.warn({ err: error }, 'presence update failed'));
      }
      socket.data.joinedStreams.clear();
    });
  };
}
