import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { demoSecrets } from './demo-secrets.ts';

/**
 * Secrets that were once written in this repository's source: anyone could forge tokens and
 * webhooks with them, so they are refused everywhere.
 */
const PUBLISHED_SECRETS: ReadonlySet<string> = new Set(['dev-only-jwt-secret-change-me-0123456789', 'dev-only-webhook-secret-change-me']);
/** Shortest production secret: 32 characters, e.g. `openssl rand -base64 48`. */
const MIN_SECRET_LENGTH = 32;
const SECRET_HOWTO = 'generate one with `openssl rand -base64 48` (see docs/deploy.md)';

const port = z.coerce.number().int().min(0).max(65535);
const bps = z.coerce.number().int().min(0).max(10_000);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(8080),
  PUBLIC_URL: z.url().optional(),
  /** Unset: the embedded PGlite database under DATA_DIR. */
  DATABASE_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().default('.data'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Every Redis key and BullMQ queue of this engine starts with it (tests use their own). */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/)
    .default('sc'),
  /** Unset outside production: random secrets kept in DATA_DIR/secrets.json (loopback HOST only). */
  JWT_SECRET: z.string().min(32).optional(),
  WEBHOOK_SECRET: z.string().min(16).optional(),
  /** `sandbox` turns on POST /payments/:id/sandbox-pay; in production it must be set on purpose. */
  PAYMENTS_PROVIDER: z.enum(['sandbox', 'external']).optional(),
  /** Comma-separated browser origins allowed besides PUBLIC_URL's own (CORS and Socket.IO). */
  ALLOWED_ORIGINS: z.string().default(''),
  /** A Prometheus scraper's bearer token for GET /metrics; unset, only admins' own tokens read it. */
  METRICS_TOKEN: z.string().min(16).optional(),
  RTC_LISTEN_IP: z.string().default('127.0.0.1'),
  RTC_ANNOUNCED_ADDRESS: z.string().optional(),
  RTC_MIN_PORT: port.default(40000),
  RTC_MAX_PORT: port.default(49999),
  MEDIASOUP_WORKERS: z.coerce.number().int().min(1).max(64).default(os.availableParallelism()),
  MEDIASOUP_WORKER_BIN: z.string().optional(),
  /** Viewer consumers on one router before new viewers go to a router on another worker. */
  MEDIA_CONSUMERS_PER_ROUTER: z.coerce.number().int().min(1).default(500),
  PLATFORM_FEE_BPS: bps.default(500),
  REFERRAL_SHARE_BPS: bps.default(2000),
  /** How long after a stream ends an order naming it still earns its KOL commission (a viewer finishing checkout). */
  COMMISSION_GRACE_AFTER_END_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(30 * 60_000),
  HOLD_TTL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(10 * 60_000),
  /** An unpaid order is cancelled this long after it was placed. */
  ORDER_PAYMENT_TTL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(30 * 60_000),
  /** A delivered order completes by itself (and its commissions settle) when this window passes. */
  ORDER_RETURN_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(7 * 24 * 3600_000),
  /**
   * A buyer's refund request the merchant has not answered within this time is approved by itself.
   * At least a second: the job is queued just before the request is written, and must find it.
   */
  REFUND_REQUEST_RESPONSE_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(48 * 3600_000),
  /**
   * How often a payout transfer is tried while the payout provider is down, and the first wait
   * (doubled after each try). After the last try a transfer the provider never made fails the
   * payout; one it cannot account for waits for the next daily run. Raise both for a real provider.
   */
  PAYOUT_TRANSFER_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  PAYOUT_TRANSFER_BACKOFF_MS: z.coerce.number().int().min(100).max(3_600_000).default(500),
  COMMENT_RATE_PER_SEC: z.coerce.number().positive().max(1000).default(1),
  COMMENT_BURST: z.coerce.number().int().min(1).max(1000).default(5),
  /** Sockets that join with `commentBatching` get a stream's new comments at most this often, in one event. */
  COMMENT_BATCH_MS: z.coerce.number().int().min(10).max(5000).default(100),
  /** Batched sockets are spread over this many slices, flushed in turn, so the fan-out is not one burst. */
  COMMENT_BATCH_SLICES: z.coerce.number().int().min(1).max(100).default(10),
  /** Comma-separated words masked in comments and reviews. */
  COMMENT_BLOCKED_WORDS: z.string().default(''),
  /** How long one process trusts a user's session version it read (revocation reaches it within this). */
  SESSION_CACHE_MS: z.coerce.number().int().min(0).max(2000).default(1000),
  /** How often open sockets' sessions are checked; a revoked session's sockets are disconnected. */
  SESSION_SOCKET_CHECK_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** Requests to /api/auth/* per client address per minute. */
  AUTH_PER_IP_PER_MIN: z.coerce.number().int().min(1).default(30),
  /** Sign-in attempts to one account (email) per minute. */
  AUTH_PER_ACCOUNT_PER_MIN: z.coerce.number().int().min(1).default(10),
  /** Failed sign-ins to one account within LOGIN_FAILURE_WINDOW_MS before it answers 429. */
  LOGIN_FAILURES_MAX: z.coerce.number().int().min(1).default(10),
  LOGIN_FAILURE_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(15 * 60_000),
  ORDERS_PER_USER_PER_MIN: z.coerce.number().int().min(1).default(20),
  REPORTS_PER_USER_PER_MIN: z.coerce.number().int().min(1).default(10),
  SHARE_LINKS_PER_USER_PER_MIN: z.coerce.number().int().min(1).default(30),
  /** Reservation attempts per user per flash sale per second (checked inside the reserve script). */
  RESERVATIONS_PER_USER_PER_SEC: z.coerce.number().int().min(1).default(5),
  /** Likes counted per user per stream per second; more are dropped. */
  LIKES_PER_USER_PER_SEC: z.coerce.number().int().min(1).default(20),
  /** scrypt cost of new password hashes (a power of 2; at least 2^17 in production). */
  PASSWORD_SCRYPT_N: z.coerce
    .number()
    .int()
    .min(1024)
    .refine((n) => (n & (n - 1)) === 0, 'must be a power of 2')
    .default(2 ** 17),
  /** Password hashes computed at once; more wait, so a burst of sign-ins does not starve the thread pool. */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** Largest image `POST /api/uploads/images` accepts, in bytes. */
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  /** Smallest and largest side, in pixels, of an uploaded image. */
  UPLOAD_MIN_PIXELS: z.coerce.number().int().min(1).max(10_000).default(200),
  UPLOAD_MAX_PIXELS: z.coerce.number().int().min(1).max(20_000).default(6000),
  /** `auto`: a store request makes the user a merchant at once; `admin`: it waits in the /admin queue. */
  MERCHANT_APPROVAL: z.enum(['auto', 'admin']).default('auto'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** `pretty`: one readable line per event (npm start); `json`: one JSON object per line (production, log shippers). */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string;
  redisPrefix: string;
  jwtSecret: string;
  webhookSecret: string;
  metricsToken: string | undefined;
  /** `sandbox` serves POST /payments/:id/sandbox-pay; `external` waits for a real provider's webhook. */
  paymentsProvider: 'sandbox' | 'external';
  /** Browser origins that may call the API with credentials and open sockets: PUBLIC_URL's and ALLOWED_ORIGINS. */
  allowedOrigins: string[];
  /** PUBLIC_URL is https: cookies are Secure and HSTS is sent. */
  isHttps: boolean;
  rtc: { listenIp: string; announcedAddress: string | undefined; minPort: number; maxPort: number };
  mediasoup: { numWorkers: number; workerBin: string | undefined; consumersPerRouter: number };
  money: { platformFeeBps: number; referralShareBps: number; commissionGraceAfterEndMs: number };
  holdTtlMs: number;
  orders: { paymentTtlMs: number; returnWindowMs: number; refundResponseMs: number };
  payouts: { transferAttempts: number; transferBackoffMs: number };
  comments: { ratePerSec: number; burst: number; batchMs: number; batchSlices: number; blockedWords: string[] };
  /** Image uploads: kept under `${dataDir}/uploads`, served under /uploads/. */
  uploads: { maxBytes: number; minPixels: number; maxPixels: number };
  /** How a request to sell as a merchant is answered (MERCHANT_APPROVAL). */
  merchantApproval: 'auto' | 'admin';
  sessions: { cacheMs: number; socketCheckMs: number };
  limits: RateLimits;
  passwords: { scryptN: number; concurrency: number };
  logLevel: string;
  logFormat: 'json' | 'pretty';
  /** Names of secrets generated into DATA_DIR/secrets.json because the env had none (printed at start). */
  devDefaults: string[];
}

/** Every rate limit (README "Configuration"); see server/src/plugins/rate-limit.ts. */
export interface RateLimits {
  authPerIpPerMin: number;
  authPerAccountPerMin: number;
  loginFailures: { max: number; windowMs: number };
  ordersPerUserPerMin: number;
  reportsPerUserPerMin: number;
  shareLinksPerUserPerMin: number;
  reservationsPerUserPerSec: number;
  likesPerUserPerSec: number;
}

/**
 * With NODE_ENV=test, limits no test means to reach and a cheap password hash, unless set: the
 * test-suite sends thousands of requests from 127.0.0.1. Tests of the limits set their own.
 */
const TEST_DEFAULTS: Record<string, string> = {
  AUTH_PER_IP_PER_MIN: '1000000',
  AUTH_PER_ACCOUNT_PER_MIN: '1000000',
  LOGIN_FAILURES_MAX: '1000000',
  ORDERS_PER_USER_PER_MIN: '1000000',
  REPORTS_PER_USER_PER_MIN: '1000000',
  SHARE_LINKS_PER_USER_PER_MIN: '1000000',
  RESERVATIONS_PER_USER_PER_SEC: '1000000',
  LIKES_PER_USER_PER_SEC: '1000000',
  PASSWORD_SCRYPT_N: '16384',
};

export class ConfigError extends Error {}

/** Parses the environment once; throws ConfigError with every problem and how to fix it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env.NODE_ENV === 'test' ? { ...TEST_DEFAULTS, ...env } : env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid environment:\n${problems}\nFix these variables (see README "Configuration").`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  checkSecrets(e, env);
  const devDefaults = [...(e.JWT_SECRET ? [] : ['JWT_SECRET']), ...(e.WEBHOOK_SECRET ? [] : ['WEBHOOK_SECRET'])];
  const generated = devDefaults.length > 0 ? demoSecrets(dataDir) : undefined;
  if (generated && !isLoopback(e.HOST)) {
    throw new ConfigError(
      `HOST=${e.HOST} would expose this instance while it runs on secrets generated for the demo (${devDefaults.join(' and ')} unset). ` +
        `Set JWT_SECRET and WEBHOOK_SECRET (${SECRET_HOWTO}) or keep HOST=127.0.0.1.`,
    );
  }
  const publicUrl = e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`;
  if (e.UPLOAD_MIN_PIXELS > e.UPLOAD_MAX_PIXELS) {
    throw new ConfigError('UPLOAD_MIN_PIXELS must not be above UPLOAD_MAX_PIXELS.');
  }
  if (e.NODE_ENV === 'production' && e.PASSWORD_SCRYPT_N < 2 ** 17) {
    throw new ConfigError('NODE_ENV=production needs PASSWORD_SCRYPT_N of at least 131072 (2^17).');
  }
  if (e.RTC_MIN_PORT > e.RTC_MAX_PORT) {
    throw new ConfigError('RTC_MIN_PORT must not be above RTC_MAX_PORT.');
  }
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    jwtSecret: e.JWT_SECRET ?? generated?.jwtSecret ?? '',
    webhookSecret: e.WEBHOOK_SECRET ?? generated?.webhookSecret ?? '',
    metricsToken: e.METRICS_TOKEN,
    // Outside production the sandbox is the default; in production only when asked for.
    paymentsProvider: e.PAYMENTS_PROVIDER ?? (e.NODE_ENV === 'production' ? 'external' : 'sandbox'),
    allowedOrigins: allowedOrigins(publicUrl, e.ALLOWED_ORIGINS),
    isHttps: new URL(publicUrl).protocol === 'https:',
    rtc: {
      listenIp: e.RTC_LISTEN_IP,
      announcedAddress: e.RTC_ANNOUNCED_ADDRESS,
      minPort: e.RTC_MIN_PORT,
      maxPort: e.RTC_MAX_PORT,
    },
    mediasoup: {
      numWorkers: e.MEDIASOUP_WORKERS,
      workerBin: e.MEDIASOUP_WORKER_BIN,
      consumersPerRouter: e.MEDIA_CONSUMERS_PER_ROUTER,
    },
    money: {
      platformFeeBps: e.PLATFORM_FEE_BPS,
      referralShareBps: e.REFERRAL_SHARE_BPS,
      commissionGraceAfterEndMs: e.COMMISSION_GRACE_AFTER_END_MS,
    },
    holdTtlMs: e.HOLD_TTL_MS,
    orders: {
      paymentTtlMs: e.ORDER_PAYMENT_TTL_MS,
      returnWindowMs: e.ORDER_RETURN_WINDOW_MS,
      refundResponseMs: e.REFUND_REQUEST_RESPONSE_MS,
    },
    payouts: { transferAttempts: e.PAYOUT_TRANSFER_ATTEMPTS, transferBackoffMs: e.PAYOUT_TRANSFER_BACKOFF_MS },
    comments: {
      ratePerSec: e.COMMENT_RATE_PER_SEC,
      burst: e.COMMENT_BURST,
      batchMs: e.COMMENT_BATCH_MS,
      batchSlices: e.COMMENT_BATCH_SLICES,
      blockedWords: e.COMMENT_BLOCKED_WORDS.split(',')
        .map((w) => w.trim())
        .filter(Boolean),
    },
    uploads: { maxBytes: e.UPLOAD_MAX_BYTES, minPixels: e.UPLOAD_MIN_PIXELS, maxPixels: e.UPLOAD_MAX_PIXELS },
    merchantApproval: e.MERCHANT_APPROVAL,
    sessions: { cacheMs: e.SESSION_CACHE_MS, socketCheckMs: e.SESSION_SOCKET_CHECK_MS },
    limits: {
      authPerIpPerMin: e.AUTH_PER_IP_PER_MIN,
      authPerAccountPerMin: e.AUTH_PER_ACCOUNT_PER_MIN,
      loginFailures: { max: e.LOGIN_FAILURES_MAX, windowMs: e.LOGIN_FAILURE_WINDOW_MS },
      ordersPerUserPerMin: e.ORDERS_PER_USER_PER_MIN,
      reportsPerUserPerMin: e.REPORTS_PER_USER_PER_MIN,
      shareLinksPerUserPerMin: e.SHARE_LINKS_PER_USER_PER_MIN,
      reservationsPerUserPerSec: e.RESERVATIONS_PER_USER_PER_SEC,
      likesPerUserPerSec: e.LIKES_PER_USER_PER_SEC,
    },
    passwords: { scryptN: e.PASSWORD_SCRYPT_N, concurrency: e.PASSWORD_HASH_CONCURRENCY },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    devDefaults,
  });
}

type Env = z.infer<typeof EnvSchema>;

/** Refuses published secrets anywhere, and missing or weak ones in production, saying how to fix it. */
function checkSecrets(e: Env, raw: NodeJS.ProcessEnv): void {
  const problems: string[] = [];
  for (const name of ['JWT_SECRET', 'WEBHOOK_SECRET'] as const) {
    const value = e[name];
    if (value && PUBLISHED_SECRETS.has(value)) problems.push(`${name} is a value once published in the source: anyone can forge with it`);
    else if (e.NODE_ENV !== 'production') continue;
    else if (!value) problems.push(`${name} is not set`);
    else if (value.length < MIN_SECRET_LENGTH || new Set(value).size < 10) {
      problems.push(`${name} is too weak (at least ${MIN_SECRET_LENGTH} random characters)`);
    }
  }
  if (e.NODE_ENV === 'production') {
    if (!e.DATABASE_URL) problems.push('DATABASE_URL is not set: production runs on PostgreSQL, not the embedded PGlite');
    if (!raw.REDIS_URL) problems.push('REDIS_URL is not set');
    if (!e.PUBLIC_URL) problems.push('PUBLIC_URL is not set: the address browsers use, e.g. https://shop.example.com');
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `Refusing to start (NODE_ENV=${e.NODE_ENV}):\n${problems.map((p) => `  ${p}`).join('\n')}\n` +
        `For secrets, ${SECRET_HOWTO}. The demo (npm start) generates its own into DATA_DIR/secrets.json.`,
    );
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function allowedOrigins(publicUrl: string, extra: string): string[] {
  const origins = [new URL(publicUrl).origin];
  for (const item of extra.split(',').map((o) => o.trim())) {
    if (!item) continue;
    let origin: string;
    try {
      origin = new URL(item).origin;
    } catch {
      throw new ConfigError(`ALLOWED_ORIGINS: "${item}" is not an origin like https://shop.example.com`);
    }
    if (!origins.includes(origin)) origins.push(origin);
  }
  return origins;
}
