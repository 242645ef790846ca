// npm run admin:grant -- <email>: adds the admin role to an existing account, on DATABASE_URL or the
// embedded PGlite in DATA_DIR (as db:migrate and db:seed do). `register` never grants admin.
import { openDatabase } from '../db/client.ts';
import { loadConfig } from '../server/src/config.ts';
import { AuthService } from '../server/src/domains/auth/service.ts';
import { SessionVersions } from '../server/src/domains/auth/session-versions.ts';
import { TokenService } from '../server/src/domains/auth/tokens.ts';
import { isAppError } from '../server/src/errors.ts';
import { createRedis } from '../server/src/redis/client.ts';

const email = process.argv[2]?.trim();
if (!email || process.argv.length > 3) {
  process.stderr.write('Usage: npm run admin:grant -- <email of an existing account>\n');
  process.exit(2);
}

const config = loadConfig();
const database = openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite` });
try {
  await database.migrate();
  const auth = new AuthService({ db: database.db, tokens: new TokenService(config.jwtSecret) });
  const user = await auth.grantRole(email, 'admin');
  // Their tokens stop working (the role change is a new session version): they sign in again.
  const redis = createRedis(config.redisUrl, config.redisPrefix);
  try {
    await new SessionVersions({ db: database.db, redis }).bump(user.id);
  } finally {
    redis.disconnect();
  }
  process.stdout.write(
    `${user.email} now has the roles ${user.roles.join(', ')}. Their earlier tokens stop working; they sign in again to get a token with the admin role.\n`,
  );
} catch (error) {
  if (!isAppError(error) || error.code !== 'NOT_FOUND') throw error;
  process.stderr.write(`No account has the email ${email} (${database.kind}). Register it first, then grant the role.\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
