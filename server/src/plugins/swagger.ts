import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** Routes anyone may call without a token: /docs shows them without the lock. */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/health',
  'POST /api/auth/register',
  'POST /api/auth/login',
  'GET /api/products',
  'GET /api/products/:id',
  'GET /api/products/:id/reviews',
  'GET /api/streams',
  'GET /api/streams/:id',
  'GET /api/streams/:id/comments',
  'GET /api/streams/:id/poster',
  'GET /api/flash-sales/:id',
  'GET /api/group-offers',
  'GET /api/group-offers/:id',
  'GET /api/groups/:id',
  'GET /api/kols/:id',
  'GET /api/kols/:id/fans/top',
  'GET /api/feed/for-you',
  'GET /api/feed/categories',
  // Signed by the payment provider (HMAC header), not by a user's token.
  'POST /api/payments/webhook',
  'GET /s/:code',
]);

const DESCRIPTION = `Live-streaming commerce engine: KOLs stream, viewers buy inside the stream, merchants run flash sales.

**Trying a call that has a lock:** get a token from \`POST /api/auth/login\` (or \`POST /api/auth/register\`) with
\`{"email", "password"}\`, copy \`token\` from the answer, click **Authorize** at the top right and paste it.
Calls without a lock need no token.

Errors are \`{"error": {"code", "message", "details"?}}\` (every code: docs/errors.md). Money is integer minor
units (\`19900\` is 199.00 CNY). Times are ISO 8601 strings in UTC, such as \`2026-12-24T20:00:00.000Z\`.

[← Back to Streamcart](/)`;

const DATE_TIME_EXAMPLE = '2026-12-24T20:00:00.000Z';

/**
 * Date-times get a readable example and lose the long regex zod writes beside `format` (Swagger UI
 * would make its example from that regex: gibberish).
 */
function readableDates(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) readableDates(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  if (schema.format === 'date-time') {
    delete schema.pattern;
    schema.example ??= DATE_TIME_EXAMPLE;
  }
  for (const value of Object.values(schema)) readableDates(value);
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/** zod → JSON Schema, then the lock only where a token is needed and readable dates. */
function transform(input: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const output = jsonSchemaTransform(input);
  const schema = output.schema as Record<string, unknown>;
  const methods = Array.isArray(input.route.method) ? input.route.method : [input.route.method];
  if (methods.some((method) => PUBLIC_ROUTES.has(`${method} ${input.url}`))) schema.security = [];
  readableDates(schema);
  return output;
}

/** OpenAPI 3 generated from the route schemas: JSON at /docs/json, Swagger UI at /docs. */
export const swaggerPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'Streamcart API', version: '0.1.0', description: DESCRIPTION },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
        security: [{ bearer: [] }],
      },
      transform,
    });
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: true, docExpansion: 'list' } });
  },
  { name: 'swagger' },
);
