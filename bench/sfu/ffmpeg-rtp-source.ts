import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { RtpSource, RtpSourceOptions } from './vp8-rtp-source.ts';

/**
 * Real VP8 from Debian's ffmpeg (libvpx, test pattern, 640x360 at 30 fps, a key frame every
 * second), paced in real time. It ignores the worker's key-frame requests, so a new consumer
 * waits for the next periodic key frame.
 */
export async function startFfmpegRtpSource(options: RtpSourceOptions): Promise<RtpSource> {
  // ffmpeg sends RTCP from a port of its own, so the producer's transport needs a separate RTCP port.
  if (options.rtcpPort === undefined) throw new Error('ffmpeg RTP source: the producer transport needs rtcpMux: false');
  const target = `rtp://127.0.0.1:${options.port}?pkt_size=1200&rtcpport=${options.rtcpPort}`;
  const child = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-re'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30'],
      ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-g', '30'],
      ...['-b:v', String(options.bitrateBps), '-maxrate', String(options.bitrateBps), '-bufsize', String(options.bitrateBps / 2)],
      ...['-an', '-f', 'rtp', '-ssrc', String(options.ssrc), '-payload_type', String(options.payloadType), target],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await once(child, 'spawn');
  return {
    kind: 'ffmpeg',
    sentPackets: () => undefined,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
