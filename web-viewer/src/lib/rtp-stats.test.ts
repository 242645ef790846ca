import { describe, expect, it } from 'vitest';
import { BitrateMeter, rtpTotals } from './rtp-stats.ts';

const report = (entries: Record<string, unknown>[]) => new Map(entries.map((entry, i) => [String(i), entry])) as unknown as RTCStatsReport;

describe('rtpTotals', () => {
  it('sums the layers of a simulcast sender and reports the largest frame and the highest frame rate', () => {
    const totals = rtpTotals(
      report([
        { type: 'outbound-rtp', bytesSent: 1000, framesEncoded: 30, frameWidth: 320, frameHeight: 180, framesPerSecond: 30 },
        { type: 'outbound-rtp', bytesSent: 3000, framesEncoded: 30, frameWidth: 640, frameHeight: 360, framesPerSecond: 29 },
        { type: 'outbound-rtp', bytesSent: 9000, framesEncoded: 28, frameWidth: 1280, frameHeight: 720 },
        { type: 'remote-inbound-rtp', bytesSent: 999_999 },
      ]),
      'outbound-rtp',
    );
    expect(totals).toEqual({ bytes: 13_000, frames: 88, framesPerSecond: 30, frameWidth: 1280, frameHeight: 720 });
  });

  it('reads bytesReceived and framesDecoded for a receiver', () => {
    const totals = rtpTotals(
      report([{ type: 'inbound-rtp', bytesReceived: 500, framesDecoded: 12, frameWidth: 640, frameHeight: 360 }]),
      'inbound-rtp',
    );
    expect(totals).toMatchObject({ bytes: 500, frames: 12, frameWidth: 640 });
  });
});

describe('BitrateMeter', () => {
  it('turns byte counters into bits per second over windows of at least 500 ms', () => {
    const meter = new BitrateMeter();
    expect(meter.sample(0, 1000)).toBe(0);
    expect(meter.sample(125_000, 2000)).toBe(1_000_000);
    // A second reader 100 ms later gets the same figure instead of a noisy one.
    expect(meter.sample(130_000, 2100)).toBe(1_000_000);
    expect(meter.sample(250_000, 3000)).toBe(1_000_000);
  });

  it('starts over when the counter goes back (a new producer)', () => {
    const meter = new BitrateMeter();
    meter.sample(100_000, 1000);
    expect(meter.sample(10, 2000)).toBe(0);
    expect(meter.sample(62_510, 3000)).toBe(500_000);
  });
});
