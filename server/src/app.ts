import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { accountRoutes } from './domains/accounts/routes.ts';
import { authRoutes } from './domains/auth/routes.ts';
import { catalogRoutes } from './domains/catalog/routes.ts';
import { checkoutRoutes } from './domains/checkout/routes.ts';
import { commentRoutes } from './domains/comments/routes.ts';
import { fanRoutes } from './domains/fans/routes.ts';
import { feedRoutes } from './domains/feed/routes.ts';
import { flashSaleRoutes } from './domains/flash-sales/routes.ts';
import { followRoutes } from './domains/follows/routes.ts';
import { groupBuyRoutes } from './domains/group-buys/routes.ts';
import { type Check, healthRoutes } from './domains/health/routes.ts';
import { ledgerRoutes } from './domains/ledger/routes.ts';
import { moderationRoutes } from './domains/moderation/routes.ts';
import { notificationRoutes } from './domains/notifications/routes.ts';
import { refundRequestRoutes } from './domains/orders/refund-request-routes.ts';
import { orderRoutes } from './domains/orders/routes.ts';
import { SandboxProvider } from './domains/payments/provider.ts';
import { paymentRoutes } from './domains/payments/routes.ts';
import { posterRoutes } from './domains/posters/routes.ts';
import { privacyRoutes } from './domains/privacy/routes.ts';
import { reviewRoutes } from './domains/reviews/routes.ts';
import { showRoutes } from './domains/shows/routes.ts';
import { shareLinkApiRoutes, shareLinkRedirectRoutes } from './domains/social/routes.ts';
import { streamRoutes } from './domains/streams/routes.ts';
import { saleProposalRoutes } from './domains/streams/sale-proposal-routes.ts';
import { uploadedFileRoutes, uploadRoutes } from './domains/uploads/routes.ts';
import { clientErrorHandler, frameworkErrors, registerErrorHandler } from './errors.ts';
import { authPlugin } from './plugins/auth.ts';
import { corsPlugin } from './plugins/cors.ts';
import { rateLimitPlugin } from './plugins/rate-limit.ts';
import { securityHeadersPlugin } from './plugins/security-headers.ts';
import { swaggerPlugin } from './plugins/swagger.ts';
import { requestValidatorCompiler } from './request-validator.ts';
import type { Services } from './services.ts';

const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web-viewer');
const PAGE_ROUTES = [
  ['/live/:id', 'live.html'],
  ['/studio/:id', 'studio.html'],
  ['/merchant', 'merchant.html'],
  ['/products/:id', 'product.html'],
  ['/orders', 'orders.html'],
  ['/admin', 'admin.html'],
  ['/cart', 'cart.html'],
  ['/account', 'account.html'],
  ['/shows', 'shows.html'],
] as const;

export interface AppDeps {
  services: Services;
  healthChecks: Record<string, Check>;
  versions: Record<string, string>;
  /** Browser-facing settings from the config: CSP/HSTS, the CORS allow-list, who reads health details. */
  web: { publicUrl: string; allowedOrigins: readonly string[]; metricsToken: string | undefined };
  /** A pino logger; without one the app logs nothing (tests). */
  logger?: FastifyBaseLogger;
}

/** Builds the HTTP app with every plugin and domain; it never listens, so tests can inject(). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 256 * 1024,
    frameworkErrors,
    clientErrorHandler,
    // One line per request (below) instead of Fastify's two ("incoming request", "request completed").
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      `${request.method} ${request.url} ${reply.statusCode} ${Math.round(reply.elapsedTime)}ms`,
    );
  });
  app.setValidatorCompiler(requestValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  const s = deps.services;
  await app.register(securityHeadersPlugin, { publicUrl: deps.web.publicUrl });
  await app.register(corsPlugin, { allowedOrigins: deps.web.allowedOrigins });
  await app.register(swaggerPlugin);
  await app.register(authPlugin, { tokens: s.tokens, sessions: s.sessions });
  await app.register(rateLimitPlugin, s.rateLimits);
  await app.register(
    async (api) => {
      await api.register(healthRoutes, { checks: deps.healthChecks, versions: deps.versions, metricsToken: deps.web.metricsToken });
      await api.register(authRoutes, { auth: s.auth, sessions: s.sessions, suspensionOf: (userId) => s.suspensions.suspensionOf(userId) });
      await api.register(catalogRoutes, {
        catalog: s.catalog,
        ratingOf: (productId) => s.reviews.ratingOf(productId),
        onViewed: (userId, category) => s.feedSignals.recordProductView(userId, category),
      });
      await api.register(commentRoutes, { comments: s.comments });
      await api.register(streamRoutes, { streams: s.streams, summaries: s.streamSummaries });
      await api.register(saleProposalRoutes, { proposals: s.saleProposals });
      await api.register(showRoutes, { shows: s.shows });
      await api.register(accountRoutes, { accounts: s.accounts, addresses: s.addressBook });
      await api.register(flashSaleRoutes, { flashSales: s.flashSales });
      await api.register(orderRoutes, { orders: s.orders });
      await api.register(refundRequestRoutes, { refundRequests: s.refundRequests });
      await api.register(groupBuyRoutes, { groupBuys: s.groupBuys });
      await api.register(paymentRoutes, { payments: s.payments, sandboxPay: s.paymentProvider instanceof SandboxProvider });
      await api.register(ledgerRoutes, { ledger: s.ledger, payouts: s.payouts });
      await api.register(shareLinkApiRoutes, { shareLinks: s.shareLinks });
      await api.register(followRoutes, { follows: s.follows });
      await api.register(fanRoutes, { fans: s.fans });
      await api.register(notificationRoutes, { notifications: s.notifications });
      await api.register(reviewRoutes, { reviews: s.reviews });
      await api.register(feedRoutes, { signals: s.feedSignals, follows: s.follows, clock: s.clock });
      await api.register(uploadRoutes, { uploads: s.imageUploads });
      await api.register(posterRoutes, { posters: s.posters });
      await api.register(checkoutRoutes, { checkout: s.checkout, sandboxPay: s.paymentProvider instanceof SandboxProvider });
      await api.register(privacyRoutes, { privacy: s.privacy });
      await api.register(moderationRoutes, {
        moderation: s.moderation,
        reports: s.reports,
        log: s.moderationLog,
        chat: s.chatModeration,
        reviews: s.reviewModeration,
      });
    },
    { prefix: '/api' },
  );
  await app.register(shareLinkRedirectRoutes, {
    shareLinks: s.shareLinks,
    secureCookie: new URL(deps.web.publicUrl).protocol === 'https:',
  });
  await app.register(uploadedFileRoutes, { storage: s.imageStorage });

  const webDist = path.join(WEB_ROOT, 'dist');
  const webRoot = existsSync(webDist) ? webDist : path.join(WEB_ROOT, 'public');
  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false });
    // One HTML file per page; the page's script reads the id from the path.
    for (const [url, file] of PAGE_ROUTES) {
      if (existsSync(path.join(webRoot, file))) app.get(url, { schema: { hide: true } }, (_request, reply) => reply.sendFile(file));
    }
  }
  return app;
}
