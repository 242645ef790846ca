import pino from 'pino';

/** JSON logs through pino (Fastify's own logger), one per process. */
export function createLogger(level: string) {
  return pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
