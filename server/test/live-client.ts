import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../src/realtime/contract.ts';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Resolves with the next `event` whose payload passes `match`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: LiveClient,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** Emits with an ack and resolves with the ack's answer. */
export function request<E extends keyof ClientToServerEvents>(socket: LiveClient, event: E, payload: unknown): Promise<any> {
  return (socket.timeout(10_000).emitWithAck as (e: string, p: unknown) => Promise<unknown>)(event, payload);
}
