import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { once } from 'node:events';

export interface RtpSourceOptions {
  /** Where the producer's PlainTransport (comedia) listens. */
  port: number;
  /** Its RTCP port, when RTCP is not multiplexed on `port`. */
  rtcpPort?: number | undefined;
  ssrc: number;
  payloadType: number;
  bitrateBps: number;
}

/** A running RTP sender: how many packets it has sent, and how to stop it. */
export interface RtpSource {
  readonly kind: 'generated' | 'ffmpeg';
  /** Packets sent so far; undefined when the sender does not say (ffmpeg). */
  sentPackets(): number | undefined;
  stop(): Promise<void>;
}

const FRAMES_PER_SECOND = 30;
const MAX_PAYLOAD_BYTES = 1100;
const KEY_FRAME_INTERVAL_MS = 2000;
const RTP_CLOCK_RATE = 90_000;

/**
 * Sends VP8-shaped RTP at a constant bitrate: 30 frames a second, each split into packets of at
 * most 1,100 bytes with the VP8 payload descriptor and frame tag mediasoup reads (start bit,
 * key-frame bit), the marker on each frame's last packet, a key frame every 2 s and whenever the
 * worker asks for one (RTCP PLI or FIR). The picture data is filler: an SFU never decodes it.
 */
export async function startVp8RtpSource(options: RtpSourceOptions): Promise<RtpSource> {
  const socket = dgram.createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  let isKeyFrameRequested = true;
  socket.on('message', (packet) => {
    // RTCP payload-specific feedback (206) with FMT 1 (PLI) or 4 (FIR); RTCP may be compound.
    for (let offset = 0; offset + 4 <= packet.length; ) {
      const fmt = (packet[offset] ?? 0) & 0x1f;
      if (packet[offset + 1] === 206 && (fmt === 1 || fmt === 4)) isKeyFrameRequested = true;
      offset += (packet.readUInt16BE(offset + 2) + 1) * 4;
    }
  });

  const frameBytes = Math.round(options.bitrateBps / 8 / FRAMES_PER_SECOND);
  const packetsPerFrame = Math.max(1, Math.ceil(frameBytes / MAX_PAYLOAD_BYTES));
  const payloadBytes = Math.ceil(frameBytes / packetsPerFrame);
  // A random first sequence number, as RFC 3550 asks (mediasoup's loss statistics misread a start at 0).
  let sequenceNumber = randomInt(1, 0x8000);
  let frame = 0;
  let sent = 0;
  let lastKeyFrameAt = 0;

  const sendFrame = () => {
    const now = performance.now();
    const isKeyFrame = isKeyFrameRequested || now - lastKeyFrameAt >= KEY_FRAME_INTERVAL_MS;
    if (isKeyFrame) {
      isKeyFrameRequested = false;
      lastKeyFrameAt = now;
    }
    const timestamp = (frame++ * (RTP_CLOCK_RATE / FRAMES_PER_SECOND)) >>> 0;
    for (let index = 0; index < packetsPerFrame; index++) {
      const packet = Buffer.alloc(12 + 1 + payloadBytes, 0x5a);
      packet[0] = 0x80;
      packet[1] = (index === packetsPerFrame - 1 ? 0x80 : 0) | options.payloadType;
      packet.writeUInt16BE(sequenceNumber, 2);
      sequenceNumber = (sequenceNumber + 1) & 0xffff;
      packet.writeUInt32BE(timestamp, 4);
      packet.writeUInt32BE(options.ssrc, 8);
      // VP8 payload descriptor: S (start of partition 0) on the frame's first packet only.
      packet[12] = index === 0 ? 0x10 : 0x00;
      if (index === 0) {
        // VP8 frame tag: bit 0 clear marks a key frame; a key frame carries the start code and a 640x360 size.
        packet[13] = isKeyFrame ? 0x10 : 0x11;
        if (isKeyFrame) {
          packet.set([0x9d, 0x01, 0x2a], 16);
          packet.writeUInt16LE(640, 19);
          packet.writeUInt16LE(360, 21);
        }
      }
      socket.send(packet, options.port, '127.0.0.1');
      sent++;
    }
  };
  const timer = setInterval(sendFrame, 1000 / FRAMES_PER_SECOND);

  return {
    kind: 'generated',
    sentPackets: () => sent,
    async stop() {
      clearInterval(timer);
      socket.close();
      await once(socket, 'close');
    },
  };
}
