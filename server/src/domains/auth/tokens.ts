import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { ROLES, type Role } from '../../../../db/schema/users.ts';

/** Who is calling: taken only from a verified token, never from a payload field. */
export interface Principal {
  userId: string;
  roles: Role[];
}

/** A verified token: who, and the session version it was signed with (see SessionVersions). */
export interface VerifiedToken extends Principal {
  sessionVersion: number;
}

// `exp` is required: a token without one never verifies. `sv` is the user's session version.
const ClaimsSchema = z.object({
  sub: z.string().min(1),
  roles: z.array(z.enum(ROLES)),
  sv: z.number().int().min(0),
  exp: z.number(),
});

/**
 * Verified signatures kept, and for how long at most (a token is never kept past its own expiry).
 * Only the signature check is cached: revocation is the session version, checked on every use.
 */
const VERIFIED_CACHE_SIZE = 50_000;
const VERIFIED_CACHE_MS = 5 * 60_000;

export class TokenService {
  readonly #key: Uint8Array;
  readonly #ttl: string;
  // A buyer presses Buy many times in a flash sale with one token; checking its HMAC each time
  // through WebCrypto costs more than the whole reservation.
  readonly #verified = new Map<string, { principal: VerifiedToken; untilMs: number }>();

  constructor(secret: string, ttl = '7d') {
    this.#key = new TextEncoder().encode(secret);
    this.#ttl = ttl;
  }

  /** Signs a token for the user with the roles and session version it holds now. */
  async sign(principal: Principal, sessionVersion = 0): Promise<string> {
    return new SignJWT({ roles: principal.roles, sv: sessionVersion })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.userId)
      .setIssuedAt()
      .setExpirationTime(this.#ttl)
      .sign(this.#key);
  }

  /**
   * Returns the principal of a well-signed, unexpired token, or undefined for a bad, expired or
   * forged one. It may have been revoked since: check its sessionVersion (see `authenticate`).
   */
  async verify(token: string): Promise<VerifiedToken | undefined> {
    const nowMs = Date.now();
    const known = this.#verified.get(token);
    if (known && known.untilMs > nowMs) return known.principal;
    if (known) this.#verified.delete(token);
    try {
      const { payload } = await jwtVerify(token, this.#key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
      const claims = ClaimsSchema.safeParse(payload);
      if (!claims.success) return undefined;
      const principal: VerifiedToken = { userId: claims.data.sub, roles: claims.data.roles, sessionVersion: claims.data.sv };
      this.#remember(token, principal, Math.min(nowMs + VERIFIED_CACHE_MS, claims.data.exp * 1000));
      return principal;
    } catch {
      return undefined;
    }
  }

  #remember(token: string, principal: VerifiedToken, untilMs: number): void {
    if (this.#verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.#verified.keys().next();
      if (!oldest.done) this.#verified.delete(oldest.value);
    }
    this.#verified.set(token, { principal, untilMs });
  }
}
