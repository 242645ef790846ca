import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { text } from '../../schemas.ts';
import { AppError } from '../../errors.ts';
import { rooms } from '../../realtime/contract.ts';
import { acked, type SocketHandlers } from '../../realtime/gateway.ts';
import type { GroupBuyService } from './service.ts';

const GroupWatchPayload = z.object({ groupId: text().min(1).max(100) });

/** group:watch: a socket follows one group buy's progress (anyone with the link may watch); a member sees their place. */
export function groupBuySocketHandlers(deps: { groupBuys: GroupBuyService; log: FastifyBaseLogger }): SocketHandlers {
  return (socket) => {
    socket.on('group:watch', (payload, ack) =>
      acked(deps.log, ack, async () => {
        const parsed = GroupWatchPayload.safeParse(payload);
        if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'groupId is required', parsed.error.issues);
        const group = await deps.groupBuys.getGroup(parsed.data.groupId, socket.data.userId);
        await socket.join(rooms.group(group.id));
        return { group };
      }),
    );
  };
}
