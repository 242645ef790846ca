import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyBaseLogger } from 'fastify';
import { Redis as IORedis, type Redis } from 'ioredis';
import { type Namespace, Server, type Socket } from 'socket.io';
import { authenticate, type SessionVersions } from '../domains/auth/session-versions.ts';
import type { TokenService } from '../domains/auth/tokens.ts';
import { toAppError } from '../errors.ts';
import { isAllowedOrigin } from '../plugins/origins.ts';
import type { RoomEvent } from './bus.ts';
import { CommentBatcher } from './comment-batcher.ts';
import type { Ack, ClientToServerEvents, ErrorPayload, ServerToClientEvents, SocketData } from './contract.ts';
import { rooms } from './contract.ts';

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Registers one domain's socket handlers; called for every connection. */
export type SocketHandlers = (socket: LiveSocket, nsp: LiveNamespace) => void;

/** Turns a thrown error into an ack error; unknown errors are logged and hidden. */
export function toAckError(error: unknown, log: FastifyBaseLogger): { ok: false; error: ErrorPayload } {
  const known = toAppError(error);
  if (known) return { ok: false, error: known.toBody().error };
  log.error({ err: error }, 'socket handler failed');
  return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong on our side' } };
}

/** Runs an acked handler: its result or its error always reaches the ack. */
export function acked<T extends object>(log: FastifyBaseLogger, ack: unknown, run: () => Promise<T>): void {
  const reply = typeof ack === 'function' ? (ack as (response: Ack<T>) => void) : () => {};
  run().then(
    (result) => reply({ ok: true, ...result }),
    (error: unknown) => reply(toAckError(error, log)),
  );
}

export interface Gateway {
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  live: LiveNamespace;
  close(): Promise<void>;
}

/**
 * Socket.IO on Fastify's HTTP server, namespace /live. Identity comes only from the verified
 * `auth.token`; without one a socket may only watch. Room events published on the RealtimeBus
 * by any process are relayed to the sockets of this process. A stream's new comments reach each
 * socket through its comment room: one comment:new each, or comment:batch (see CommentBatcher).
 */
export async function createGateway(deps: {
  httpServer: HttpServer;
  tokens: TokenService;
  /** Open sockets' sessions are checked this often; a revoked one's sockets are disconnected. */
  sessions: SessionVersions;
  sessionCheckMs: number;
  /** Redis of the Socket.IO adapter, so rooms span every API server process. */
  redisUrl: string;
  redisPrefix: string;
  /** Browser origins that may open a socket (PUBLIC_URL's and ALLOWED_ORIGINS); see isAllowedOrigin. */
  allowedOrigins: readonly string[];
  subscriber: Redis;
  channel: string;
  handlers: SocketHandlers[];
  commentBatch: { intervalMs: number; slices: number };
  log: FastifyBaseLogger;
}): Promise<Gateway> {
  const adapterPub = new IORedis(deps.redisUrl);
  const adapterSub = adapterPub.duplicate();
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(deps.httpServer, {
    path: '/socket.io',
    // Only listed origins (and the page's own host): another site's page cannot open a socket as its visitor.
    cors: { origin: [...deps.allowedOrigins], credentials: true },
    allowRequest: (request, callback) =>
      isAllowedOrigin(request.headers.origin, request.headers.host, deps.allowedOrigins)
        ? callback(null, true)
        : callback('ORIGIN_NOT_ALLOWED', false),
    serveClient: false,
    adapter: createAdapter(adapterPub, adapterSub, { key: `${deps.redisPrefix}:socket.io` }),
  });
  const live: LiveNamespace = io.of('/live');
  // The session version each signed-in socket connected with.
  const sessionOf = new WeakMap<LiveSocket, number>();
  const sessionCheck = setInterval(() => {
    disconnectRevoked(live, sessionOf, deps.sessions).catch((error: unknown) => deps.log.warn({ err: error }, 'session check failed'));
  }, deps.sessionCheckMs);
  sessionCheck.unref();

  live.use((socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    socket.data.joinedStreams = new Set();
    socket.data.roles = [];
    if (token === undefined || token === null || token === '') return next();
    if (typeof token !== 'string') return next(new Error('UNAUTHENTICATED'));
    authenticate(token, deps).then((principal) => {
      if (!principal) return next(new Error('UNAUTHENTICATED'));
      socket.data.userId = principal.userId;
      socket.data.roles = principal.roles;
      sessionOf.set(socket, principal.sessionVersion);
      next();
    }, next);
  });

  live.on('connection', (socket) => {
    if (socket.data.userId) void socket.join(rooms.user(socket.data.userId));
    for (const register of deps.handlers) register(socket, live);
  });

  const commentBatches = new CommentBatcher({
    ...deps.commentBatch,
    flush: (streamId, slice, comments) =>
      live.local.to(rooms.streamCommentBatch(streamId, slice)).emit('comment:batch', { streamId, comments }),
  });
  // Every API server process gets each bus event, so each one delivers to its own sockets only.
  const relay = (event: RoomEvent) => {
    // A comment for the stream's room goes to its sockets through their comment rooms.
    if (event.event === 'comment:new' && event.room === rooms.stream(event.payload.streamId)) {
      live.local.to(rooms.streamCommentNew(event.payload.streamId)).emit('comment:new', event.payload);
      commentBatches.add(event.payload);
      return;
    }
    // A comment deleted before its batch went out is never sent in one.
    if (event.event === 'comment:deleted') commentBatches.remove(event.payload.id);
    (live.local.to(event.room).emit as (e: string, p: unknown) => boolean)(event.event, event.payload);
  };

  await deps.subscriber.subscribe(deps.channel);
  deps.subscriber.on('message', (channel, message) => {
    if (channel !== deps.channel) return;
    try {
      relay(JSON.parse(message) as RoomEvent);
    } catch (error) {
      deps.log.warn({ err: error }, 'dropped a malformed realtime event');
    }
  });

  return {
    io,
    live,
    async close() {
      clearInterval(sessionCheck);
      await deps.subscriber.unsubscribe(deps.channel).catch(() => {});
      commentBatches.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      adapterPub.disconnect();
      adapterSub.disconnect();
    },
  };
}

/** Disconnects this process's sockets whose session was revoked since they connected (one Redis round trip). */
async function disconnectRevoked(live: LiveNamespace, sessionOf: WeakMap<LiveSocket, number>, sessions: SessionVersions): Promise<void> {
  const signedIn = [...live.sockets.values()].filter((socket) => socket.data.userId && sessionOf.has(socket));
  if (signedIn.length === 0) return;
  const current = await sessions.currentOf(signedIn.map((socket) => socket.data.userId as string));
  for (const socket of signedIn) {
    if (current.get(socket.data.userId as string) !== sessionOf.get(socket)) socket.disconnect(true);
  }
}
