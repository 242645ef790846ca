import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether the request carries METRICS_TOKEN as its bearer token (compared in constant time);
 * always false when no METRICS_TOKEN is configured. Routes using it set `ownAuthorization`.
 */
export function metricsTokenCheck(metricsToken: string | undefined): (request: FastifyRequest) => boolean {
  const expected = metricsToken ? digest(metricsToken) : undefined;
  return (request) => {
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    return expected !== undefined && bearer !== undefined && timingSafeEqual(digest(bearer), expected);
  };
}
