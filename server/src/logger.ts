import pino, { type DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import { dbErrorOf } from './pg-errors.ts';

/** Secrets and personal data that must never reach a log line, wherever they sit in the logged object. */
const SENSITIVE_KEYS = ['password', 'passwordHash', 'token', 'shippingAddress', 'address', 'phone'];
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-metrics-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  ...SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
];

/** Stack frames only: a first line can repeat a message that holds parameters. */
const framesOf = (stack: unknown): string | undefined =>
  typeof stack === 'string'
    ? stack
        .split('\n')
        .filter((line) => line.trimStart().startsWith('at '))
        .join('\n')
    : undefined;

/**
 * `err` in a log line: its type, message and stack, or for a database error its SQLSTATE,
 * constraint, table and query text. Never the query's parameters (drizzle puts them in its message
 * and `params`; postgres.js in `parameters`): they hold password hashes and shipping addresses.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const db = dbErrorOf(error);
  if (db) return { type: error.constructor.name, ...db, stack: framesOf(error.stack) };
  const base: Record<string, unknown> = pino.stdSerializers.err(error);
  if (error.cause instanceof Error) base.cause = serializeError(error.cause);
  return base;
}

/**
 * Logs through pino (Fastify's own logger), one per process: JSON lines, or with `format: 'pretty'`
 * (npm start) one readable line each through pino-pretty. `destination` lets tests read them.
 */
export function createLogger(level: string, destination?: DestinationStream, format: 'json' | 'pretty' = 'json') {
  const out =
    destination ??
    (format === 'pretty'
      ? pretty({
          colorize: process.stdout.isTTY,
          translateTime: 'HH:MM:ss',
          ignore: 'pid,hostname,reqId,method,url,statusCode,ms',
          singleLine: true,
          sync: true,
        })
      : undefined);
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError, error: serializeError },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    out,
  );
}
