// How many consumers one mediasoup worker forwards a 1 Mbit/s VP8 stream to without loss, and
// how many two workers do when the second is fed through pipeToRouter (the product's edge
// router). One producer on a PlainTransport gets RTP from a generated VP8-shaped stream (or
// ffmpeg); N consumers on PlainTransports send to UDP sinks in a child process that count
// packets and gaps. N rises until packets are lost or a worker passes 85% of a core.
// Traffic stays on 127.0.0.1.
//
//   node bench/sfu/run.ts [--single 100,250,...] [--piped 200,500,...] [--window-s 5]
//                         [--bitrate-kbps 1000] [--source generated|ffmpeg] [--ffmpeg-check 500] [--out bench/results]
import { execSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveWorkerBin } from '../../media/src/worker-bin.ts';
import { WorkerPool } from '../../media/src/worker-pool.ts';
import { cpuSecondsOf, describeMachine } from '../lib/machine.ts';
import { FanOut, VIDEO_PAYLOAD_TYPE, VIDEO_SSRC } from './fan-out.ts';
import { startFfmpegRtpSource } from './ffmpeg-rtp-source.ts';
import { type BenchReport, renderReport, type ScenarioResult, type StepResult, verdict } from './report.ts';
import { SinkProcess } from './sink-process.ts';
import { busyPercent, sampleSystemCpu, udpReceiveBufferErrors } from './system-counters.ts';
import { type RtpSource, type RtpSourceOptions, startVp8RtpSource } from './vp8-rtp-source.ts';

const { values: args } = parseArgs({
  options: {
    single: { type: 'string', default: '100,250,500,750,1000,1250,1500,2000,2500,3000' },
    piped: { type: 'string', default: '200,500,1000,1250,1500,2000,3000,4000' },
    'window-s': { type: 'string', default: '5' },
    'bitrate-kbps': { type: 'string', default: '1000' },
    source: { type: 'string', default: 'generated' },
    'ffmpeg-check': { type: 'string', default: '500' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const WINDOW_MS = Number(args['window-s']) * 1000;
const BITRATE_BPS = Number(args['bitrate-kbps']) * 1000;
const MAX_WORKER_CPU_PERCENT = 85;
/** Above this share of packets lost, a step counts as lossy and the ladder stops. */
const MAX_LOSS_PERCENT = 0.1;
const FLOWING_TIMEOUT_MS = 10_000;

const ladder = (list: string) => list.split(',').filter(Boolean).map(Number);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startSource(kind: string, options: RtpSourceOptions): Promise<RtpSource> {
  if (kind === 'ffmpeg') return startFfmpegRtpSource(options);
  if (kind === 'generated') return startVp8RtpSource(options);
  throw new Error(`--source must be generated or ffmpeg (got ${kind})`);
}

/** Waits until every sink receives RTP: new consumers forward from the next key frame on. */
async function waitUntilFlowing(sinks: SinkProcess, count: number): Promise<void> {
  await sinks.reset();
  const deadline = performance.now() + FLOWING_TIMEOUT_MS;
  for (;;) {
    const { flowing } = await sinks.totals();
    if (flowing >= count) return;
    if (performance.now() > deadline) throw new Error(`only ${flowing} of ${count} sinks receive RTP after ${FLOWING_TIMEOUT_MS} ms`);
    await sleep(100);
  }
}

async function measureStep(fanOut: FanOut, sinks: SinkProcess, source: RtpSource, pool: WorkerPool): Promise<StepResult> {
  await waitUntilFlowing(sinks, fanOut.consumerCount);
  await sinks.reset();
  const pids = pool.slots.map((slot) => slot.worker.pid);
  const startedAt = performance.now();
  const cpuBefore = pids.map(cpuSecondsOf);
  const sinkCpuBefore = cpuSecondsOf(sinks.pid);
  const systemBefore = sampleSystemCpu();
  const droppedBefore = udpReceiveBufferErrors();
  const producerBefore = await fanOut.producerPackets();
  const sentBefore = source.sentPackets();

  await sleep(WINDOW_MS);

  const totals = await sinks.totals();
  const producerAfter = await fanOut.producerPackets();
  const seconds = (performance.now() - startedAt) / 1000;
  const cpuPercent = pids.map((pid, index) => (100 * (cpuSecondsOf(pid) - (cpuBefore[index] ?? 0))) / seconds);
  const sentAfter = source.sentPackets();
  const lost = totals.expected - totals.received;
  return {
    consumers: fanOut.consumerCount,
    workers: fanOut.routers.map((roomRouter, index) => {
      const consumers = fanOut.consumersOn(roomRouter);
      const cpu = cpuPercent[index] ?? 0;
      const forwardedPerSecond = consumers * ((producerAfter.received - producerBefore.received) / seconds);
      return {
        role: roomRouter.role,
        consumers,
        cpuPercent: round(cpu),
        cpuPercentPer100Consumers: round((cpu * 100) / consumers),
        cpuMicrosecondsPerForwardedPacket: round((cpu * 10_000) / forwardedPerSecond, 2),
      };
    }),
    seconds: round(seconds),
    sourcePacketsPerSecond: sentBefore === undefined || sentAfter === undefined ? null : round((sentAfter - sentBefore) / seconds),
    producerPacketsPerSecond: round((producerAfter.received - producerBefore.received) / seconds),
    lostBeforeFanOut: totals.bestSinkLost,
    expectedPackets: totals.expected,
    receivedPackets: totals.received,
    lostPackets: lost,
    lossPercent: totals.expected > 0 ? round((100 * lost) / totals.expected, 4) : 0,
    worstConsumerLost: totals.worstSinkLost,
    udpReceiveBufferDrops: udpReceiveBufferErrors() - droppedBefore,
    sinkCpuPercent: round((100 * (cpuSecondsOf(sinks.pid) - sinkCpuBefore)) / seconds),
    machineBusyPercent: round(busyPercent(systemBefore, sampleSystemCpu())),
    loadAverage: describeMachine().loadAverage as string,
  };
}

async function runScenario(
  name: string,
  numWorkers: number,
  steps: number[],
  sourceKind: string,
  sinks: SinkProcess,
): Promise<ScenarioResult> {
  const pool = await WorkerPool.start({
    workerBin: resolveWorkerBin(process.env.MEDIASOUP_WORKER_BIN),
    numWorkers,
    listenIp: '127.0.0.1',
    rtcMinPort: 45000,
    rtcMaxPort: 45099,
    logLevel: 'error',
  });
  const fanOut = await FanOut.create(pool, { rtcpMux: sourceKind !== 'ffmpeg' });
  const source = await startSource(sourceKind, {
    port: fanOut.producerPort,
    rtcpPort: fanOut.producerRtcpPort,
    ssrc: VIDEO_SSRC,
    payloadType: VIDEO_PAYLOAD_TYPE,
    bitrateBps: BITRATE_BPS,
  });
  const results: StepResult[] = [];
  let stopReason = 'ladder finished';
  try {
    for (const target of steps) {
      await fanOut.addConsumers(await sinks.open(target - fanOut.consumerCount));
      const step = await measureStep(fanOut, sinks, source, pool);
      results.push(step);
      const cpus = step.workers.map((w) => `${w.role} ${w.consumers} @ ${w.cpuPercent}%`).join(', ');
      process.stdout.write(
        `[sfu] ${name}: ${step.consumers} consumers (${cpus}), loss ${step.lossPercent}% (${step.lostPackets} packets)\n`,
      );
      if (step.lossPercent > MAX_LOSS_PERCENT) {
        stopReason = `loss above ${MAX_LOSS_PERCENT}% at ${step.consumers} consumers`;
        break;
      }
      if (step.workers.some((w) => w.cpuPercent > MAX_WORKER_CPU_PERCENT)) {
        stopReason = `a worker above ${MAX_WORKER_CPU_PERCENT}% of a core at ${step.consumers} consumers`;
        break;
      }
    }
  } finally {
    await source.stop();
    // Whatever is still in flight reaches the producer before its total is read.
    await sleep(200);
    const sent = source.sentPackets();
    const { received } = await fanOut.producerPackets();
    fanOut.close();
    // A worker still draining its queue must not send into sink ports the next scenario reuses.
    const exited = pool.slots.map((slot) => (slot.worker.subprocessClosed ? undefined : once(slot.worker, 'subprocessclose')));
    pool.close();
    await Promise.all(exited);
    await sinks.closeSinks();
    if (sent !== undefined) process.stdout.write(`[sfu] ${name}: source sent ${sent} packets, producer received ${received}\n`);
  }
  return {
    name,
    numWorkers,
    source: sourceKind,
    bitrateKbps: BITRATE_BPS / 1000,
    windowSeconds: WINDOW_MS / 1000,
    steps: results,
    stopReason,
  };
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

const before = { uptime: execSync('uptime').toString().trim(), machine: describeMachine() };
const sinks = await SinkProcess.start();
const scenarios: ScenarioResult[] = [];
try {
  scenarios.push(await runScenario('one worker', 1, ladder(args.single), args.source, sinks));
  scenarios.push(await runScenario('two workers, piped', 2, ladder(args.piped), args.source, sinks));
  const ffmpegCheck = Number(args['ffmpeg-check']);
  const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
  if (ffmpegCheck > 0 && args.source !== 'ffmpeg' && !hasFfmpeg) {
    process.stdout.write('[sfu] no ffmpeg on PATH (apt-get install -y ffmpeg): skipping the ffmpeg cross-check\n');
  } else if (ffmpegCheck > 0 && args.source !== 'ffmpeg') {
    scenarios.push(await runScenario('one worker, ffmpeg VP8 (cross-check)', 1, [ffmpegCheck], 'ffmpeg', sinks));
  }
} finally {
  await sinks.stop();
}
const after = { uptime: execSync('uptime').toString().trim() };

const report: BenchReport = {
  machine: before.machine,
  uptimeBefore: before.uptime,
  uptimeAfter: after.uptime,
  goal: { consumersPerWorker: 500, maxLossPercent: 0, maxWorkerCpuPercent: MAX_WORKER_CPU_PERCENT },
  scenarios,
  verdict: verdict(scenarios, MAX_WORKER_CPU_PERCENT),
};
const date = new Date().toISOString().slice(0, 10);
mkdirSync(args.out, { recursive: true });
const base = path.join(args.out, `sfu-${date}`);
writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(`${base}.md`, renderReport(report));
process.stdout.write(`[sfu] wrote ${base}.md and ${base}.json\n`);
