import { version as mediasoupVersion } from 'mediasoup';

/** Node and mediasoup versions, for /api/health. */
export function versions(): Record<string, string> {
  return { node: process.version, mediasoup: mediasoupVersion };
}
