import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Node's scrypt defaults: what the hashes without parameters (`scrypt$salt$hash`) were made with. */
const LEGACY = { N: 16_384, r: 8, p: 1 } as const;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

interface ParsedHash extends ScryptParams {
  salt: Buffer;
  hash: Buffer;
}

function scryptAsync(password: string, salt: Buffer, keylen: number, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node refuses more than 32 MiB unless maxmem is raised.
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (hex), or the older `scrypt$salt$hash` made with Node's defaults. */
function parse(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt') return undefined;
  const [N, r, p, saltHex, hashHex] =
    parts.length === 3 ? [LEGACY.N, LEGACY.r, LEGACY.p, parts[1], parts[2]] : parts.slice(1).map((x, i) => (i < 3 ? Number(x) : x));
  if (typeof saltHex !== 'string' || typeof hashHex !== 'string' || !saltHex || !hashHex) return undefined;
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && (n as number) > 0)) return undefined;
  return { N: N as number, r: r as number, p: p as number, salt: Buffer.from(saltHex, 'hex'), hash: Buffer.from(hashHex, 'hex') };
}

/**
 * Password hashes with scrypt, its parameters stored in each hash so they can be raised later:
 * `verify` says when a hash was made with weaker ones, and sign-in hashes the password anew.
 * At most `concurrency` hashes run at once (each takes 128·N·r bytes and a libuv thread for
 * ~100 ms at N=2^17); the others wait their turn, so a burst of sign-ins cannot take every
 * thread-pool thread from the rest of the server.
 */
export class PasswordHasher {
  readonly params: ScryptParams;
  readonly #concurrency: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  #dummy: Promise<string> | undefined;
  /** scrypt computations so far (tests check that a sign-in to an unknown email runs one too). */
  runs = 0;
  /** The most scrypt computations that ran at once. */
  peakConcurrent = 0;

  constructor(options: { N?: number; r?: number; p?: number; concurrency?: number } = {}) {
    this.params = { N: options.N ?? 2 ** 17, r: options.r ?? 8, p: options.p ?? 1 };
    this.#concurrency = options.concurrency ?? 2;
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const hash = await this.#run(password, salt, KEY_LENGTH, this.params);
    const { N, r, p } = this.params;
    return `scrypt$${N}$${r}$${p}$${salt.toString('hex')}$${hash.toString('hex')}`;
  }

  /** Whether the password matches, and whether the hash should be made anew with the current parameters. */
  async verify(password: string, stored: string): Promise<{ ok: boolean; needsRehash: boolean }> {
    const parsed = parse(stored);
    if (!parsed) return { ok: false, needsRehash: false };
    const actual = await this.#run(password, parsed.salt, parsed.hash.length, parsed);
    const ok = actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
    return { ok, needsRehash: ok && this.#isWeaker(parsed) };
  }

  /** Does the work of a `verify` for an account that does not exist, so its timing reveals nothing. */
  async verifyDummy(password: string): Promise<void> {
    this.#dummy ??= this.hash(randomBytes(16).toString('hex'));
    await this.verify(password, await this.#dummy);
  }

  #isWeaker(params: ScryptParams): boolean {
    return params.N < this.params.N || params.r < this.params.r || params.p < this.params.p;
  }

  async #run(password: string, salt: Buffer, keylen: number, params: ScryptParams): Promise<Buffer> {
    // A finished run hands its slot straight to the next waiter, so never more than `concurrency` run.
    if (this.#running < this.#concurrency) this.#running++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.runs++;
    this.peakConcurrent = Math.max(this.peakConcurrent, this.#running);
    try {
      return await scryptAsync(password, salt, keylen, params);
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
