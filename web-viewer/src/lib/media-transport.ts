import { Device } from 'mediasoup-client';
import type { Transport } from 'mediasoup-client/types';
import { type LiveSocket, request } from './socket.ts';

export interface MediaTransport {
  device: Device;
  transport: Transport;
}

/**
 * Loads a Device with the stream router's capabilities and opens a WebRTC transport to it;
 * DTLS parameters go to the server on the transport's first `connect`.
 */
export async function openMediaTransport(socket: LiveSocket, streamId: string, direction: 'send' | 'recv'): Promise<MediaTransport> {
  const { rtpCapabilities } = await request(socket, 'media:capabilities', { streamId });
  // A Device loads once; every (re)start gets a new one for the router it talks to.
  const device = new Device();
  await device.load({ routerRtpCapabilities: rtpCapabilities });
  const { ok: _ok, ...options } = await request(socket, 'media:transport', { streamId, direction });
  const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    request(socket, 'media:connect', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
  });
  return { device, transport };
}
