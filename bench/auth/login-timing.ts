// Sign-in timing: a wrong password for a known email against an unknown email (both run scrypt
// with the current parameters, so the two should take the same time), and how long a cheap call
// waits while 48 wrong sign-ins run at once (PASSWORD_HASH_CONCURRENCY bounds the hashing).
// AuthService.login directly on a scratch database; nothing listens.
//
//   node bench/auth/login-timing.ts [--tries 15] [--n 131072] [--out bench/results]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/src/config.ts';
import { openInfra } from '../../server/src/infra.ts';
import { createServices } from '../../server/src/services.ts';
import { describeMachine, percentile } from '../lib/machine.ts';
import { withScratch } from '../lib/scratch.ts';

const { values: args } = parseArgs({
  options: {
    tries: { type: 'string', default: '15' },
    n: { type: 'string', default: String(2 ** 17) },
    out: { type: 'string', default: 'bench/results' },
  },
});
const TRIES = Number(args.tries);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const timed = async (run: () => Promise<unknown>) => {
  const start = performance.now();
  await run().catch(() => {});
  return performance.now() - start;
};
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

const results = await withScratch(async ({ databaseUrl, redisPrefix }) => {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    PASSWORD_SCRYPT_N: args.n,
  });
  const infra = openInfra(config);
  try {
    const { auth } = createServices(infra, config);
    const email = 'known@example.test';
    await auth.register({ email, password: 'correct horse battery', displayName: 'Known' });
    await auth.login('warm-up@example.test', 'x').catch(() => {});
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < TRIES; i++) {
      known.push(await timed(() => auth.login(email, `wrong ${i}`)));
      unknown.push(await timed(() => auth.login(`nobody${i}@example.test`, `wrong ${i}`)));
    }
    const idle = median(
      await Promise.all(Array.from({ length: 5 }, () => timed(() => auth.getUser('00000000-0000-4000-8000-000000000000')))),
    );
    const burst = Array.from({ length: 48 }, (_, i) => auth.login(email, `burst ${i}`).catch(() => {}));
    await new Promise((r) => setTimeout(r, 50));
    const duringBurst: number[] = [];
    for (let i = 0; i < 5; i++) duringBurst.push(await timed(() => auth.getUser('00000000-0000-4000-8000-000000000000')));
    const burstMs = await timed(() => Promise.all(burst));
    return {
      scryptN: config.passwords.scryptN,
      concurrency: config.passwords.concurrency,
      knownEmailWrongPasswordMs: { median: median(known), all: known.map(Math.round) },
      unknownEmailMs: { median: median(unknown), all: unknown.map(Math.round) },
      ratioUnknownOverKnown: median(unknown) / median(known),
      cheapQueryMs: { idle, during48WrongSignIns: median(duringBurst) },
      burstOf48RemainingMs: burstMs,
    };
  } finally {
    await infra.close();
  }
});

const machine = describeMachine();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync(args.out, { recursive: true });
const file = path.join(args.out, `login-timing-${stamp}`);
writeFileSync(`${file}.json`, `${JSON.stringify({ machine, results }, null, 2)}\n`);
writeFileSync(
  `${file}.md`,
  `# Sign-in timing: known email with a wrong password vs unknown email

Machine: ${machine.cores} cores, ${machine.cpu}, Node ${machine.node}, load ${machine.loadAverage} at ${machine.date}.
The machine is shared with other sessions' jobs (see the load): compare the two paths with each other, not with other runs.

scrypt N = ${results.scryptN}, r = 8, p = 1; at most ${results.concurrency} hashes at once; ${TRIES} tries each, one after the other.

| path | median ms | all ms |
| --- | ---: | --- |
| known email, wrong password | ${results.knownEmailWrongPasswordMs.median.toFixed(1)} | ${results.knownEmailWrongPasswordMs.all.join(', ')} |
| unknown email (dummy hash) | ${results.unknownEmailMs.median.toFixed(1)} | ${results.unknownEmailMs.all.join(', ')} |

Ratio unknown / known: ${results.ratioUnknownOverKnown.toFixed(2)} (before: 11 ms vs 112 ms, 0.10, issue 12).

A cheap PostgreSQL read (AuthService.getUser) takes ${results.cheapQueryMs.idle.toFixed(1)} ms idle and
${results.cheapQueryMs.during48WrongSignIns.toFixed(1)} ms while 48 wrong sign-ins are hashing (they wait their turn for
one of ${results.concurrency} hashing slots instead of filling libuv's thread pool); the burst then needed ${Math.round(results.burstOf48RemainingMs)} ms more.
`,
);
process.stdout.write(`${JSON.stringify(results)}\nresults: ${file}.md\n`);
