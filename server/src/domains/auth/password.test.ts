import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PasswordHasher } from './password.ts';

/** A hash as the engine wrote them before parameters were stored: `scrypt$salt$hash`, Node's defaults. */
function legacyHash(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(password, salt, 32).toString('hex')}`;
}

describe('PasswordHasher', () => {
  it('hashes with N = 2^17 by default, its parameters in the hash, and verifies it', async () => {
    const hasher = new PasswordHasher({ concurrency: 1 });
    const stored = await hasher.hash('correct horse battery');
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(await hasher.verify('correct horse battery', stored)).toEqual({ ok: true, needsRehash: false });
    expect(await hasher.verify('wrong horse battery', stored)).toEqual({ ok: false, needsRehash: false });
  }, 120_000);

  it('verifies the older scrypt$salt$hash and hashes made with weaker parameters, and asks for a rehash', async () => {
    const hasher = new PasswordHasher({ N: 2 ** 15 });
    const legacy = legacyHash('open sesame 1');
    expect(await hasher.verify('open sesame 1', legacy)).toEqual({ ok: true, needsRehash: true });
    expect(await hasher.verify('open sesame 2', legacy)).toEqual({ ok: false, needsRehash: false });
    const weaker = await new PasswordHasher({ N: 2 ** 14 }).hash('open sesame 1');
    expect(await hasher.verify('open sesame 1', weaker)).toEqual({ ok: true, needsRehash: true });
    const stronger = await new PasswordHasher({ N: 2 ** 16 }).hash('open sesame 1');
    expect(await hasher.verify('open sesame 1', stronger)).toEqual({ ok: true, needsRehash: false });
  }, 60_000);

  it('refuses malformed hashes without throwing', async () => {
    const hasher = new PasswordHasher({ N: 2 ** 14 });
    for (const stored of ['', 'bcrypt$x$y', 'scrypt$$', 'scrypt$0$8$1$aa$bb', 'scrypt$16384$8$1$$', 'scrypt$abc$8$1$aa$bb']) {
      expect(await hasher.verify('anything', stored)).toEqual({ ok: false, needsRehash: false });
    }
  });

  it('runs the same scrypt work for an unknown account (verifyDummy) as for a known one', async () => {
    const hasher = new PasswordHasher({ N: 2 ** 14 });
    const stored = await hasher.hash('pw for a known account');
    const before = hasher.runs;
    await hasher.verify('a wrong guess', stored);
    const known = hasher.runs - before;
    await hasher.verifyDummy('a wrong guess'); // the first call also makes the dummy hash
    const first = hasher.runs;
    await hasher.verifyDummy('another wrong guess');
    expect(hasher.runs - first).toBe(known);
  });

  it('never runs more than `concurrency` hashes at once; the rest wait their turn', async () => {
    const hasher = new PasswordHasher({ N: 2 ** 14, concurrency: 2 });
    const stored = await hasher.hash('pw');
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => hasher.verify(i % 2 ? 'pw' : 'nope', stored)));
    expect(results.filter((r) => r.ok)).toHaveLength(6);
    expect(hasher.peakConcurrent).toBe(2);
  });
});
