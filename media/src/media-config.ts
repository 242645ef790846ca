/** Settings for the mediasoup SFU; the server's config module builds this from the environment. */
export interface MediaConfig {
  /** Path of the mediasoup-worker binary; when absent mediasoup uses MEDIASOUP_WORKER_BIN. */
  workerBin?: string;
  numWorkers: number;
  listenIp: string;
  /** Public IPv4/IPv6 or hostname put in ICE candidates when listenIp is private. */
  announcedAddress?: string;
  rtcMinPort: number;
  rtcMaxPort: number;
  /**
   * Viewer consumers one router takes before new viewers go to a router on another worker, fed
   * by pipeToRouter (default DEFAULT_CONSUMERS_PER_ROUTER).
   */
  consumersPerRouter?: number;
  /** How long an edge router stays open without viewers before it closes (default DEFAULT_EDGE_IDLE_CLOSE_MS). */
  edgeIdleCloseMs?: number;
  logLevel?: 'debug' | 'warn' | 'error' | 'none';
}

/**
 * Below what one worker forwarded over plain RTP without loss in bench/sfu (750–1,000 at 1 Mbit/s
 * on a shared 2-core machine), since WebRTC viewers also cost SRTP, RTCP and bandwidth estimation.
 */
export const DEFAULT_CONSUMERS_PER_ROUTER = 500;

/** Long enough that viewers reloading the page do not tear an edge down and build it again. */
export const DEFAULT_EDGE_IDLE_CLOSE_MS = 30_000;

/** The part of a pino logger that media uses, so Fastify's `app.log` fits as is. */
export interface MediaLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: MediaLogger = {
  info() {},
  warn() {},
  error() {},
};

/** The ports of worker slot `index`: the configured range split into equal, disjoint slices. */
export function slotPortRange(config: MediaConfig, index: number): { min: number; max: number } {
  const sliceSize = Math.floor((config.rtcMaxPort - config.rtcMinPort + 1) / config.numWorkers);
  const min = config.rtcMinPort + index * sliceSize;
  return { min, max: min + sliceSize - 1 };
}

/** Throws an error that says how to fix the setting when the config cannot work. */
export function assertValidMediaConfig(config: MediaConfig): void {
  const { numWorkers, rtcMinPort, rtcMaxPort, consumersPerRouter = DEFAULT_CONSUMERS_PER_ROUTER } = config;
  if (!Number.isInteger(numWorkers) || numWorkers < 1) {
    throw new Error(`media: numWorkers must be an integer >= 1 (got ${numWorkers})`);
  }
  const isPort = (port: number) => Number.isInteger(port) && port >= 1 && port <= 65535;
  if (!isPort(rtcMinPort) || !isPort(rtcMaxPort) || rtcMinPort > rtcMaxPort) {
    throw new Error(`media: rtcMinPort..rtcMaxPort must be ports with min <= max (got ${rtcMinPort}..${rtcMaxPort})`);
  }
  if (!Number.isInteger(consumersPerRouter) || consumersPerRouter < 1) {
    throw new Error(`media: consumersPerRouter must be an integer >= 1 (got ${consumersPerRouter})`);
  }
  if (rtcMaxPort - rtcMinPort + 1 < numWorkers) {
    throw new Error(`media: ${numWorkers} workers need at least ${numWorkers} ports; widen rtcMinPort..rtcMaxPort or lower numWorkers`);
  }
}
