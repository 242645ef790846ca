import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../../../db/schema/users.ts';
import { authenticate, type SessionVersions } from '../domains/auth/session-versions.ts';
import type { Principal, TokenService } from '../domains/auth/tokens.ts';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set from a verified bearer token; undefined for anonymous calls. */
    principal: Principal | undefined;
  }
  interface FastifyContextConfig {
    /** The route reads the Authorization header itself (e.g. a scraper's static token). */
    ownAuthorization?: boolean;
  }
}

/**
 * Reads `Authorization: Bearer <jwt>` on every request; a bad, expired or revoked token (its session
 * version is no longer the user's, see SessionVersions) is 401 unless the route reads the header
 * itself; none is anonymous.
 */
export const authPlugin = fp<{ tokens: TokenService; sessions: SessionVersions }>(
  async (app: FastifyInstance, { tokens, sessions }) => {
    app.decorateRequest('principal', undefined);
    app.addHook('onRequest', async (request) => {
      const header = request.headers.authorization;
      if (!header) return;
      const match = /^Bearer (.+)$/i.exec(header);
      const verified = match?.[1] ? await authenticate(match[1], { tokens, sessions }) : undefined;
      if (verified) {
        request.principal = { userId: verified.userId, roles: verified.roles };
        return;
      }
      // Looked up only for a token that is no JWT of ours: routeOptions is built anew on each read.
      if (!request.routeOptions.config.ownAuthorization) throw new AppError('UNAUTHENTICATED', 'The token is invalid or expired');
    });
  },
  { name: 'auth' },
);

/** The caller, or 401. */
export function requireUser(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('UNAUTHENTICATED');
  return request.principal;
}

/** The caller holding `role`, or 401/403. */
export function requireRole(request: FastifyRequest, role: Role): Principal {
  const principal = requireUser(request);
  if (!principal.roles.includes(role) && !principal.roles.includes('admin')) {
    throw new AppError('FORBIDDEN', `This needs the ${role} role`);
  }
  return principal;
}
