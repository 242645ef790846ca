import { byId } from '../../lib/dom.ts';
import { formatBitrate } from '../../lib/format.ts';
import type { PublishStats } from '../../lib/media-publisher.ts';

const POLL_MS = 1000;

/** Shows the publisher's outgoing bitrate, frame rate and size, polled once a second. */
export function startStatsPanel(read: () => Promise<PublishStats>): { refresh(): void; stop(): void } {
  const bitrate = byId('stat-bitrate');
  const fps = byId('stat-fps');
  const resolution = byId('stat-resolution');
  const refresh = () => {
    read().then(
      (stats) => {
        const live = stats.state === 'live';
        bitrate.textContent = live ? formatBitrate(stats.bitsPerSecond) : '–';
        fps.textContent = live && stats.framesPerSecond > 0 ? `${Math.round(stats.framesPerSecond)} fps` : '–';
        resolution.textContent = live && stats.frameWidth > 0 ? `${stats.frameWidth}×${stats.frameHeight}` : '–';
      },
      () => {},
    );
  };
  const timer = setInterval(refresh, POLL_MS);
  return { refresh, stop: () => clearInterval(timer) };
}
