// One measurement: N viewers on one stream, a sender at `rate` comments/s for `seconds`, and what
// reached the viewers within `drainSeconds` after the last send.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { REDIS_URL } from '../../server/test/harness.ts';
import { cpuSecondsOf, cpuSecondsOfOthers } from '../lib/machine.ts';
import { busyPercent, sampleSystemCpu } from '../sfu/system-counters.ts';
import { commentText } from './comment-sequence.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import type { Target } from './targets.ts';
import type { ViewerProcessOptions, ViewerReply, ViewerReport, ViewerRequest } from './viewer-protocol.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
// The Redis and PostgreSQL this benchmark drives are ours, though not our children.
const IGNORED_PROCESSES = ['redis-server', 'postgres'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface MeasureOptions {
  viewers: number;
  commentBatching: boolean;
  rate: number;
  seconds: number;
  drainSeconds: number;
  clientProcesses: number;
  probeEvery: number;
}

export interface Measurement {
  viewers: number;
  joined: number;
  joinFailures: number;
  joinSeconds: number;
  probes: number;
  commentsSent: number;
  deliveriesExpected: number;
  deliveries: number;
  deliveredPercent: number;
  /** Viewers that got every comment, once and in order (by the comments' numbers). */
  completeViewers: number;
  viewersWithBreaks: number;
  disconnectedViewers: number;
  /** Engine only: send → the comment's publish on the RealtimeBus (what is left is fan-out and delivery). */
  publishLatencyMs: { p50: number; p99: number; max: number; samples: number } | null;
  probeLatencyMs: { p50: number; p99: number; max: number; samples: number };
  /** Over every viewer, the oldest comment of each frame (so `max` is the slowest delivery of all). */
  framesOldestCommentLatencyMs: { p50: number; p99: number; max: number; samples: number };
  /** Per server process, in percent of one core, while comments were being sent. */
  serverCpuPercent: number[];
  loadGeneratorCpuPercent: number[];
  redisCpuPercent: number | null;
  machineBusyPercent: number;
  /** CPU (in % of one core) of other processes on the machine meanwhile (other work skews a run). */
  otherProcessesCpuPercent: number;
}

/** Waits (up to `timeoutMs`) until the machine is below `busyPercent` for a second, so other work does not skew a run. */
export async function waitForQuietMachine(busyPercentMax = 15, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const before = sampleSystemCpu();
    await sleep(1000);
    const busy = busyPercent(before, sampleSystemCpu());
    if (busy <= busyPercentMax || Date.now() > deadline) return Math.round(busy);
  }
}

async function redisPid(): Promise<number | null> {
  const redis = new Redis(REDIS_URL);
  try {
    const pid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
    cpuSecondsOf(pid);
    return pid;
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}

function nextReply<T extends ViewerReply['type']>(child: ChildProcess, type: T): Promise<Extract<ViewerReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ViewerReply) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<ViewerReply, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`viewer process exited with ${code} before '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

const summarize = (h: LatencyHistogram) => ({ p50: h.percentile(50), p99: h.percentile(99), max: h.maxMs, samples: h.count });

export async function measure(target: Target, options: MeasureOptions): Promise<Measurement> {
  const clients: ChildProcess[] = [];
  const joinStartedAt = Date.now();
  for (let i = 0; i < options.clientProcesses; i++) {
    const share = Math.floor(options.viewers / options.clientProcesses) + (i < options.viewers % options.clientProcesses ? 1 : 0);
    const viewerOptions: ViewerProcessOptions = {
      urls: target.urls,
      streamId: target.streamId,
      count: share,
      commentBatching: options.commentBatching,
      probeEvery: options.probeEvery,
      concurrency: 50,
    };
    clients.push(
      fork(path.join(here, 'viewer-process.ts'), [JSON.stringify(viewerOptions)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
    );
  }
  const send = (child: ChildProcess, message: ViewerRequest) => child.send(message);
  try {
    const joinedReplies = await Promise.all(clients.map((c) => nextReply(c, 'joined')));
    const joinSeconds = (Date.now() - joinStartedAt) / 1000;
    const joinFailures = joinedReplies.reduce((sum, r) => sum + r.failed, 0);
    const firstError = joinedReplies.find((r) => r.firstError)?.firstError;
    if (firstError) process.stderr.write(`  ${joinFailures} joins failed, first: ${firstError}\n`);

    const sender = io(`${target.urls[0]}/live`, {
      transports: ['websocket'],
      auth: target.senderToken ? { token: target.senderToken } : {},
      forceNew: true,
    });
    await new Promise((resolve) => sender.once('connect', () => resolve(undefined)));
    await new Promise((resolve) => sender.emit('stream:join', { streamId: target.streamId }, resolve));
    // Let the joins' own broadcasts (viewer counts) pass, and other work on the machine end, before measuring.
    await sleep(1500);
    const busyBefore = await waitForQuietMachine();
    if (busyBefore > 15) process.stderr.write(`  the machine is still ${busyBefore}% busy; measuring anyway\n`);

    const publishLatency = new LatencyHistogram();
    const bus = target.busChannel ? new Redis(REDIS_URL) : undefined;
    if (bus && target.busChannel) {
      await bus.subscribe(target.busChannel);
      bus.on('message', (_channel, message: string) => {
        const sentAt = /"event":"comment:new".*"text":"t=(\d+)/.exec(message)?.[1];
        if (sentAt) publishLatency.record(Date.now() - Number(sentAt));
      });
    }
    const redis = await redisPid();
    const pids = [...target.pids, ...clients.map((c) => c.pid ?? 0), ...(redis ? [redis] : [])];
    const cpuBefore = pids.map(cpuSecondsOf);
    const machineBefore = sampleSystemCpu();
    const othersBefore = cpuSecondsOfOthers(process.pid, IGNORED_PROCESSES);
    const startedAt = Date.now();
    const total = options.rate * options.seconds;
    let sent = 0;
    let refused = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((Date.now() - startedAt) / 1000) * options.rate));
        for (; sent < due; sent++) {
          sender.emit('comment:send', { streamId: target.streamId, text: commentText(sent) }, (ack: { ok: boolean }) => {
            if (!ack.ok) refused++;
          });
        }
        if (sent >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    const elapsedSeconds = (Date.now() - startedAt) / 1000;
    const cpuPercent = pids.map((pid, i) => Math.round((100 * (cpuSecondsOf(pid) - (cpuBefore[i] ?? 0))) / elapsedSeconds));
    const machineBusyPercent = Math.round(busyPercent(machineBefore, sampleSystemCpu()));
    const otherProcessesCpuPercent = Math.max(
      0,
      Math.round((100 * (cpuSecondsOfOthers(process.pid, IGNORED_PROCESSES) - othersBefore)) / elapsedSeconds),
    );
    await sleep(options.drainSeconds * 1000);
    if (refused > 0) process.stderr.write(`  ${refused} comments refused by the server\n`);

    const reports: ViewerReport[] = [];
    for (const child of clients) {
      const reply = nextReply(child, 'report');
      send(child, { type: 'report', commentsSent: sent - refused });
      reports.push((await reply).report);
    }
    sender.disconnect();
    bus?.disconnect();

    const probeLatency = new LatencyHistogram();
    const framesLatency = new LatencyHistogram();
    for (const report of reports) {
      probeLatency.add(new LatencyHistogram(report.probeLatency));
      framesLatency.add(new LatencyHistogram(report.lightLatency));
    }
    const add = (pick: (r: ViewerReport) => number) => reports.reduce((sum, r) => sum + pick(r), 0);
    const joined = add((r) => r.joined);
    const commentsSent = sent - refused;
    const deliveriesExpected = commentsSent * joined;
    const deliveries = add((r) => r.deliveries);
    return {
      viewers: options.viewers,
      joined,
      joinFailures,
      joinSeconds: Math.round(joinSeconds),
      probes: add((r) => r.probes),
      commentsSent,
      deliveriesExpected,
      deliveries,
      deliveredPercent: Math.floor((1000 * 100 * deliveries) / Math.max(1, deliveriesExpected)) / 1000,
      completeViewers: add((r) => r.complete),
      viewersWithBreaks: add((r) => r.withBreaks),
      disconnectedViewers: joined - add((r) => r.connected),
      publishLatencyMs: bus ? summarize(publishLatency) : null,
      probeLatencyMs: summarize(probeLatency),
      framesOldestCommentLatencyMs: summarize(framesLatency),
      serverCpuPercent: cpuPercent.slice(0, target.pids.length),
      loadGeneratorCpuPercent: cpuPercent.slice(target.pids.length, target.pids.length + clients.length),
      redisCpuPercent: redis ? (cpuPercent.at(-1) ?? null) : null,
      machineBusyPercent,
      otherProcessesCpuPercent,
    };
  } finally {
    for (const child of clients) if (child.connected) send(child, { type: 'stop' });
    await Promise.all(clients.map((c) => (c.exitCode === null && c.signalCode === null ? once(c, 'exit') : undefined)));
  }
}
