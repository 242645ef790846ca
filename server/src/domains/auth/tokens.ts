import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { ROLES, type Role } from '../../../../db/schema/users.ts';

/** Who is calling: taken only from a verified token, never from a payload field. */
export interface Principal {
  userId: string;
  roles: Role[];
}

const ClaimsSchema = z.object({ sub: z.string().min(1), roles: z.array(z.enum(ROLES)) });

export class TokenService {
  readonly #key: Uint8Array;
  readonly #ttl: string;

  constructor(secret: string, ttl = '7d') {
    this.#key = new TextEncoder().encode(secret);
    this.#ttl = ttl;
  }

  /** Signs a token for the user with the roles it holds now. */
  async sign(principal: Principal): Promise<string> {
    return new SignJWT({ roles: principal.roles })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.userId)
      .setIssuedAt()
      .setExpirationTime(this.#ttl)
      .sign(this.#key);
  }

  /** Returns the principal of a valid token, or undefined for a bad, expired or forged one. */
  async verify(token: string): Promise<Principal | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.#key, { algorithms: ['HS256'] });
      const claims = ClaimsSchema.safeParse(payload);
      return claims.success ? { userId: claims.data.sub, roles: claims.data.roles } : undefined;
    } catch {
      return undefined;
    }
  }
}
