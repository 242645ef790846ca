import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { metricsTokenCheck } from '../../plugins/metrics-token.ts';

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

/**
 * GET /api/health. Anyone: `{status: "ok"}` while the server answers (nothing that helps an
 * attacker: no versions, queue depths or errors). With METRICS_TOKEN or an admin's token as the
 * bearer: every component `ok` or its error, and the versions; 503 when any fails.
 */
export const healthRoutes: FastifyPluginAsyncZod<{
  checks: Record<string, Check>;
  versions: Record<string, string>;
  metricsToken: string | undefined;
}> = async (app, { checks, versions, metricsToken }) => {
  const hasMetricsToken = metricsTokenCheck(metricsToken);
  app.get(
    '/health',
    {
      config: { ownAuthorization: true },
      schema: {
        tags: ['health'],
        summary: 'Up or not; with METRICS_TOKEN or an admin token: database, Redis, queues and media workers',
        security: [],
      },
    },
    async (request, reply) => {
      const isOperator = hasMetricsToken(request) || request.principal?.roles.includes('admin') === true;
      if (!isOperator) return { status: 'ok' };
      const names = Object.keys(checks);
      const results = await Promise.all(names.map((name) => run(checks[name] ?? (async () => undefined))));
      const components = Object.fromEntries(names.map((name, i) => [name, results[i]]));
      const ok = results.every((r) => r?.status === 'ok');
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', versions, components });
    },
  );
};
