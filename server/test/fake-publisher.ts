import type { TestEngine } from './harness.ts';
import { type LiveClient, request } from './live-client.ts';

/** What a browser would send for one VP8 track; mediasoup accepts it before DTLS is up. */
export const VP8_RTP_PARAMETERS = {
  codecs: [
    {
      mimeType: 'video/VP8',
      payloadType: 96,
      clockRate: 90000,
      rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
    },
  ],
  headerExtensions: [],
  encodings: [{ ssrc: 22_222_222 }],
  rtcp: { cname: 'studio' },
};

/** The studio's signalling for one video track (media:produce), without a browser; answers the socket and the ack. */
export async function publishVideo(engine: TestEngine, kolToken: string, streamId: string): Promise<{ studio: LiveClient; produced: any }> {
  const studio = await engine.connect(kolToken);
  await request(studio, 'media:capabilities', { streamId });
  const send = await request(studio, 'media:transport', { streamId, direction: 'send' });
  const produced = await request(studio, 'media:produce', { transportId: send.id, kind: 'video', rtpParameters: VP8_RTP_PARAMETERS });
  return { studio, produced };
}
