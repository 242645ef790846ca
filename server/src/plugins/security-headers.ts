import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface SecurityHeadersOptions {
  /** PUBLIC_URL: its origin is where sockets connect; https turns on HSTS and upgrades requests. */
  publicUrl: string;
}

/**
 * Browser hardening headers on every answer (pages, API, /docs): a CSP that fits the built pages
 * (scripts and styles only from this origin, none inline; /docs may add inline styles), X-Frame-Options DENY and
 * frame-ancestors 'none', nosniff, a strict Referrer-Policy, and HSTS only behind https.
 */
export const securityHeadersPlugin = fp<SecurityHeadersOptions>(
  async (app: FastifyInstance, { publicUrl }) => {
    const url = new URL(publicUrl);
    const isHttps = url.protocol === 'https:';
    const socketOrigin = `${isHttps ? 'wss' : 'ws'}://${url.host}`;
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'self'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'"],
          // Product pictures may live on any https host (imageUrl); demo and uploads are ours.
          imgSrc: ["'self'", 'data:', 'blob:', 'https:', ...(isHttps ? [] : ['http:'])],
          // Live video arrives over WebRTC (srcObject); a recorded clip would be a blob: URL.
          mediaSrc: ["'self'", 'blob:'],
          // The API and Socket.IO (its websocket) on this origin; 'self' covers ws: in CSP3 browsers only.
          connectSrc: ["'self'", socketOrigin],
          fontSrc: ["'self'", 'data:'],
          workerSrc: ["'self'", 'blob:'],
          manifestSrc: ["'self'"],
          objectSrc: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(isHttps ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      hsts: isHttps ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
      // Product pictures from other hosts do not send CORP headers; requiring them would hide them.
      crossOriginEmbedderPolicy: false,
    });
    // Swagger UI (/docs) sets inline styles as it renders; its scripts stay 'self' only, and no
    // page of ours needs the exception.
    app.addHook('onSend', async (request, reply) => {
      if (!request.url.startsWith('/docs')) return;
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string')
        reply.header('content-security-policy', csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"));
    });
  },
  { name: 'security-headers' },
);
