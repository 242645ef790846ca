import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { isAllowedOrigin } from './origins.ts';

// The delegator's answer is the whole CORS configuration of the request, so it carries all of it.
const ANSWER = {
  credentials: true,
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id'],
  exposedHeaders: ['retry-after', 'content-disposition', 'location'],
  maxAge: 600,
};

/**
 * CORS from an allow-list (PUBLIC_URL's origin and ALLOWED_ORIGINS): those origins may call the
 * API with credentials; a browser call from any other origin is refused with 403 before it runs,
 * so no other site can act with a visitor's cookies (sc_ref) or read an answer.
 */
export const corsPlugin = fp<{ allowedOrigins: readonly string[] }>(
  async (app: FastifyInstance, { allowedOrigins }) => {
    await app.register(cors, {
      delegator: (request, callback) => {
        const origin = request.headers.origin;
        if (!isAllowedOrigin(origin, request.headers.host, allowedOrigins)) {
          callback(new AppError('FORBIDDEN', 'This origin may not call the API (see ALLOWED_ORIGINS)'));
          return;
        }
        callback(null, { ...ANSWER, origin: origin ?? false });
      },
    });
  },
  { name: 'cors' },
);
