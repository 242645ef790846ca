import fastifyRateLimit, { type CreateRateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import type { RateLimits } from '../config.ts';
import { AppError } from '../errors.ts';

const MINUTE_MS = 60_000;
const LOGIN_URL = '/api/auth/login';

/** Who a per-user limit counts: the signed-in user, else the address. */
const userOrAddress = (request: FastifyRequest) => (request.principal ? `u:${request.principal.userId}` : `ip:${request.ip}`);
/** The email of a sign-in (its body is parsed and lowercased by then: preHandler). */
const loginEmail = (request: FastifyRequest) => String((request.body as { email?: unknown } | undefined)?.email ?? '');

/** 429 RATE_LIMITED with Retry-After (seconds, at least 1). */
function refuse(reply: FastifyReply, ttlInSeconds: number): never {
  const seconds = Math.max(1, ttlInSeconds);
  void reply.header('retry-after', String(seconds));
  throw new AppError('RATE_LIMITED', `Too many requests, try again in ${seconds} s`, { retryAfterSeconds: seconds });
}

/**
 * Rate limits in Redis with @fastify/rate-limit (so they hold across API processes), attached to
 * routes by method and URL so the domains' route files stay as they are. Every limit is an env
 * setting (config.ts `limits`). An exceeded limit answers 429 RATE_LIMITED with Retry-After.
 *
 * - `/api/auth/*`: per client address (AUTH_PER_IP_PER_MIN).
 * - sign-in: per account (AUTH_PER_ACCOUNT_PER_MIN), and after LOGIN_FAILURES_MAX failed sign-ins
 *   within LOGIN_FAILURE_WINDOW_MS the account answers 429 until the window ends.
 * - orders (single, bag checkout, group), reports and share links: per user per minute.
 * Reservations and likes are limited inside their own Redis scripts (no extra round trip).
 */
export const rateLimitPlugin = fp<{ redis: Redis; limits: RateLimits }>(
  async (app: FastifyInstance, { redis, limits }) => {
    await app.register(fastifyRateLimit, {
      global: false,
      redis,
      nameSpace: 'rate-limit:',
      errorResponseBuilder: (_request, context) => new AppError('RATE_LIMITED', `Too many requests, try again in ${context.after}`),
    });
    // `createRateLimit` rather than `rateLimit` hooks: those run only the first limit a request meets.
    // Each limiter names its keys itself (they share the store's namespace).
    const counter = (name: string, max: number, timeWindow: number, key: (request: FastifyRequest) => string) =>
      app.createRateLimit({ max, timeWindow, keyGenerator: (request) => `${name}:${key(request)}` } satisfies CreateRateLimitOptions);
    const limiter = (name: string, max: number, key: (request: FastifyRequest) => string): onRequestHookHandler => {
      const take = counter(name, max, MINUTE_MS, key);
      return async (request, reply) => {
        const state = await take(request);
        if (!state.isAllowed && state.isExceeded) refuse(reply, state.ttlInSeconds);
      };
    };

    const authPerAddress = limiter('auth-ip', limits.authPerIpPerMin, (request) => request.ip);
    const loginPerAccount = limiter('login-account', limits.authPerAccountPerMin, loginEmail);
    const placeOrder = limiter('orders', limits.ordersPerUserPerMin, userOrAddress);
    const perUser = [
      // Every way to place an order shares one budget: a single order, a bag checkout, opening or joining a group.
      ...['/api/orders', '/api/checkouts', '/api/group-offers/:id/groups', '/api/groups/:id/join'].map((url) => ({
        method: 'POST',
        url,
        check: placeOrder,
      })),
      { method: 'POST', url: '/api/reports', check: limiter('reports', limits.reportsPerUserPerMin, userOrAddress) },
      { method: 'POST', url: '/api/share-links', check: limiter('share-links', limits.shareLinksPerUserPerMin, userOrAddress) },
      // Guessing the current password with a stolen token counts like sign-ins to the account.
      { method: 'POST', url: '/api/me/password', check: limiter('password', limits.authPerAccountPerMin, userOrAddress) },
    ];
    const failures = counter('login-failures', limits.loginFailures.max, limits.loginFailures.windowMs, loginEmail);

    // A locked account answers 429 before any password work; each 401 counts one failure.
    const refuseLockedAccount: preHandlerHookHandler = async (request, reply) => {
      const state = await failures(request, { increment: false });
      if (!state.isAllowed && state.remaining <= 0) refuse(reply, state.ttlInSeconds);
    };

    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const add = (hook: 'onRequest' | 'preHandler', handler: onRequestHookHandler | preHandlerHookHandler) => {
        const existing = route[hook];
        route[hook] = [...(existing ? (Array.isArray(existing) ? existing : [existing]) : []), handler] as never;
      };
      if (route.url.startsWith('/api/auth/')) add('onRequest', authPerAddress);
      if (route.url === LOGIN_URL && methods.includes('POST')) {
        add('preHandler', loginPerAccount);
        add('preHandler', refuseLockedAccount);
        const countFailure = async (request: FastifyRequest, reply: { statusCode: number }, payload: unknown) => {
          // Only a checked sign-in counts (a 401 from a bad Authorization header has no parsed email).
          if (reply.statusCode === 401 && loginEmail(request)) await failures(request);
          return payload;
        };
        const onSend = route.onSend;
        route.onSend = [...(onSend ? (Array.isArray(onSend) ? onSend : [onSend]) : []), countFailure] as never;
      }
      for (const rule of perUser) if (route.url === rule.url && methods.includes(rule.method)) add('onRequest', rule.check);
    });
  },
  { name: 'rate-limit', dependencies: ['auth'] },
);
