import { type ChildProcess, spawn } from 'node:child_process';
import type { types } from 'mediasoup';
import { type MediaLogger, silentLogger } from './media-config.ts';
import type { StreamRoom } from './stream-room.ts';

const AUDIO = { ssrc: 11_111_111, payloadType: 100 };
const VIDEO = { ssrc: 22_222_222, payloadType: 101 };
/** How long to wait before feeding again after ffmpeg exits or the room closes under it. */
const RESTART_AFTER_MS = 2_000;

export interface TestPatternOptions {
  /** The stream's room now; called again (for a new room) after the room closed, e.g. with its worker. */
  room: () => Promise<StreamRoom | undefined>;
  ffmpegPath?: string;
  /** 640x360 by default; a portrait size such as 360x640 shows a 9:16 show. */
  size?: string;
  log?: MediaLogger;
}

/** ffmpeg is not installed (or cannot run): nothing can feed the room. */
export class FfmpegMissingError extends Error {}

export interface TestPatternSource {
  /** The producers feeding the room now (video and audio once ffmpeg runs). */
  readonly producers: readonly types.Producer[];
  /** Stops ffmpeg and closes the transports; idempotent. */
  close(): void;
}

/**
 * A generated picture (ffmpeg's testsrc2 with a clock) and a 440 Hz tone, encoded by ffmpeg as VP8
 * and Opus and sent over plain RTP into two PlainTransports (comedia, RTCP not muxed) on the
 * room's origin, as mediasoup-demo's broadcaster does. Viewers consume it like a KOL's camera.
 * Throws when ffmpeg cannot be run, so a caller never claims a show that has no picture.
 */
export async function startTestPattern(options: TestPatternOptions): Promise<TestPatternSource> {
  const ffmpegPath = options.ffmpegPath ?? 'ffmpeg';
  await assertRunnable(ffmpegPath);
  const log = options.log ?? silentLogger;
  let closed = false;
  let current: { transports: types.PlainTransport[]; producers: types.Producer[]; ffmpeg: ChildProcess } | undefined;
  let restartTimer: NodeJS.Timeout | undefined;

  const stopCurrent = () => {
    if (!current) return;
    const { transports, ffmpeg } = current;
    current = undefined;
    ffmpeg.kill('SIGKILL');
    for (const transport of transports) transport.close();
  };
  const scheduleRestart = () => {
    stopCurrent();
    if (closed || restartTimer) return;
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      feed().catch((error: unknown) => {
        log.warn({ err: error }, 'test pattern: could not feed the room; trying again');
        scheduleRestart();
      });
    }, RESTART_AFTER_MS);
    restartTimer.unref();
  };

  async function feed(): Promise<void> {
    const room = await options.room();
    if (!room || room.closed || closed) return;
    const plain = () =>
      room.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia: true });
    const [audioTransport, videoTransport] = await Promise.all([plain(), plain()]);
    const transports = [audioTransport, videoTransport];
    try {
      const audio = await audioTransport.produce({
        kind: 'audio',
        rtpParameters: {
          codecs: [
            { mimeType: 'audio/opus', payloadType: AUDIO.payloadType, clockRate: 48000, channels: 2, parameters: { 'sprop-stereo': 1 } },
          ],
          encodings: [{ ssrc: AUDIO.ssrc }],
        },
        appData: { streamId: room.streamId, source: 'test-pattern' },
      });
      const video = await videoTransport.produce({
        kind: 'video',
        rtpParameters: {
          codecs: [{ mimeType: 'video/VP8', payloadType: VIDEO.payloadType, clockRate: 90000, rtcpFeedback: [{ type: 'goog-remb' }] }],
          encodings: [{ ssrc: VIDEO.ssrc }],
        },
        appData: { streamId: room.streamId, source: 'test-pattern' },
      });
      const ffmpeg = spawn(ffmpegPath, ffmpegArgs(audioTransport, videoTransport, options.size ?? '640x360'), {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderrTail = '';
      ffmpeg.stderr?.on('data', (chunk: Buffer) => {
        stderrTail = (stderrTail + chunk.toString()).slice(-500);
      });
      current = { transports, producers: [video, audio], ffmpeg };
      ffmpeg.once('exit', (code, signal) => {
        if (current?.ffmpeg !== ffmpeg) return;
        log.warn({ code, signal, stderr: stderrTail, streamId: room.streamId }, 'test pattern: ffmpeg exited; starting it again');
        scheduleRestart();
      });
      room.once('close', () => {
        if (current?.ffmpeg === ffmpeg) scheduleRestart();
      });
      log.info({ streamId: room.streamId, pid: ffmpeg.pid }, 'test pattern: ffmpeg feeds the stream');
    } catch (error) {
      for (const transport of transports) transport.close();
      throw error;
    }
  }

  await feed();
  return {
    get producers() {
      return current?.producers ?? [];
    },
    close() {
      closed = true;
      clearTimeout(restartTimer);
      stopCurrent();
    },
  };
}

/** testsrc2 (moving colour bars and a clock) and a sine tone, real time, to the two transports. */
function ffmpegArgs(audio: types.PlainTransport, video: types.PlainTransport, size: string): string[] {
  const target = (transport: types.PlainTransport) =>
    `rtp://${transport.tuple.localAddress}:${transport.tuple.localPort}?rtcpport=${transport.rtcpTuple?.localPort}&pkt_size=1200`;
  return [
    ['-hide_banner', '-loglevel', 'error', '-re'],
    ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=20`],
    ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ['-map', '1:a', '-c:a', 'libopus', '-b:a', '64k', '-ac', '2', '-ar', '48000'],
    ['-map', '0:v', '-pix_fmt', 'yuv420p', '-c:v', 'libvpx', '-b:v', '600k', '-deadline', 'realtime', '-cpu-used', '8', '-g', '40'],
    ['-f', 'tee'],
    [
      `[select=a:f=rtp:ssrc=${AUDIO.ssrc}:payload_type=${AUDIO.payloadType}]${target(audio)}|` +
        `[select=v:f=rtp:ssrc=${VIDEO.ssrc}:payload_type=${VIDEO.payloadType}]${target(video)}`,
    ],
  ].flat();
}

/** Runs `ffmpeg -version`; throws an error that says what to install when it cannot. */
function assertRunnable(ffmpegPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = spawn(ffmpegPath, ['-hide_banner', '-version'], { stdio: 'ignore' });
    const missing = (detail: string) =>
      new FfmpegMissingError(`test pattern: ${ffmpegPath} cannot run (${detail}); install Debian's ffmpeg (apt-get install ffmpeg)`);
    probe.once('error', (error) => reject(missing(error.message)));
    probe.once('exit', (code) => (code === 0 ? resolve() : reject(missing(`exit code ${code}`))));
  });
}
