import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export type Check = () => Promise<unknown>;

async function run(check: Check): Promise<{ status: 'ok'; details?: unknown } | { status: 'error'; error: string }> {
  try {
    const details = await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000).unref()),
    ]);
    return details === undefined ? { status: 'ok' } : { status: 'ok', details };
  } catch (error) {
    return { status: 'error', error: error instanceof Error ? error.message : String(error) };
  }
}

/** GET /api/health: each component `ok` or its error; 503 when any fails. */
export const healthRoutes: FastifyPluginAsyncZod<{ checks: Record<string, Check>; versions: Record<string, string> }> = async (
  app,
  { checks, versions },
) => {
  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Database, Redis, queues and media workers', security: [] } },
    async (_request, reply) => {
      const names = Object.keys(checks);
      const results = await Promise.all(names.map((name) => run(checks[name] ?? (async () => undefined))));
      const components = Object.fromEntries(names.map((name, i) => [name, results[i]]));
      const ok = results.every((r) => r?.status === 'ok');
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', versions, components });
    },
  );
};
