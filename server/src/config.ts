import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
const DEV_WEBHOOK_SECRET = 'dev-only-webhook-secret-change-me';

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
  JWT_SECRET: z.string().min(32).default(DEV_JWT_SECRET),
  WEBHOOK_SECRET: z.string().min(16).default(DEV_WEBHOOK_SECRET),
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
  /** `auto`: a store request makes the user a merchant at once; `admin`: it waits in the /admin queue. */
  MERCHANT_APPROVAL: z.enum(['auto', 'admin']).default('auto'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
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
  rtc: { listenIp: string; announcedAddress: string | undefined; minPort: number; maxPort: number };
  mediasoup: { numWorkers: number; workerBin: string | undefined; consumersPerRouter: number };
  money: { platformFeeBps: number; referralShareBps: number };
  holdTtlMs: number;
  orders: { paymentTtlMs: number; returnWindowMs: number; refundResponseMs: number };
  payouts: { transferAttempts: number; transferBackoffMs: number };
  comments: { ratePerSec: number; burst: number; batchMs: number; batchSlices: number; blockedWords: string[] };
  /** How a request to sell as a merchant is answered (MERCHANT_APPROVAL). */
  merchantApproval: 'auto' | 'admin';
  logLevel: string;
  /** Names of secrets still on their development defaults (printed as a warning at start). */
  devDefaults: string[];
}

export class ConfigError extends Error {}

/** Parses the environment once; throws ConfigError with every problem and how to fix it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid environment:\n${problems}\nFix these variables (see README "Configuration").`);
  }
  const e = parsed.data;
  const devDefaults = [
    ...(e.JWT_SECRET === DEV_JWT_SECRET ? ['JWT_SECRET'] : []),
    ...(e.WEBHOOK_SECRET === DEV_WEBHOOK_SECRET ? ['WEBHOOK_SECRET'] : []),
  ];
  if (e.NODE_ENV === 'production' && devDefaults.length > 0) {
    throw new ConfigError(`NODE_ENV=production needs real secrets: set ${devDefaults.join(' and ')}.`);
  }
  if (e.RTC_MIN_PORT > e.RTC_MAX_PORT) {
    throw new ConfigError('RTC_MIN_PORT must not be above RTC_MAX_PORT.');
  }
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    jwtSecret: e.JWT_SECRET,
    webhookSecret: e.WEBHOOK_SECRET,
    metricsToken: e.METRICS_TOKEN,
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
    money: { platformFeeBps: e.PLATFORM_FEE_BPS, referralShareBps: e.REFERRAL_SHARE_BPS },
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
    merchantApproval: e.MERCHANT_APPROVAL,
    logLevel: e.LOG_LEVEL,
    devDefaults,
  });
}
