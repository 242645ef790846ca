import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ErrorPayload, ServerToClientEvents } from '../../../server/src/realtime/contract.ts';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The answer an acked event carries when it succeeds. */
type AckData<E extends keyof ClientToServerEvents> = ClientToServerEvents[E] extends (
  payload: unknown,
  ack: (response: infer R) => void,
) => void
  ? Extract<R, { ok: true }>
  : never;

/** An acked event answered `{ ok: false }`. */
export class RequestError extends Error {
  readonly event: string;
  readonly code: string;
  /** What the server added to the refusal (e.g. a chat ban's `{reason, until}`). */
  readonly details: unknown;

  constructor(event: string, error: ErrorPayload) {
    super(error.message);
    this.name = 'RequestError';
    this.event = event;
    this.code = error.code;
    this.details = error.details;
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Connects to namespace /live. `token` is read at every (re)connection, so signing in only
 * needs a reconnect.
 */
export function connectLive(token: () => string | undefined): LiveSocket {
  return io('/live', {
    transports: ['websocket'],
    auth: (send) => {
      const current = token();
      send(current ? { token: current } : {});
    },
  });
}

/** Emits an acked event; resolves with the answer, or throws RequestError / a timeout error. */
export async function request<E extends keyof ClientToServerEvents>(socket: LiveSocket, event: E, payload: unknown): Promise<AckData<E>> {
  const acked = socket.timeout(REQUEST_TIMEOUT_MS) as unknown as { emitWithAck(event: string, payload: unknown): Promise<unknown> };
  const response = (await acked.emitWithAck(event, payload)) as { ok: true } | { ok: false; error: ErrorPayload };
  if (!response.ok) throw new RequestError(event, response.error);
  return response as AckData<E>;
}
