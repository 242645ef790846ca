import { LatencyHistogram } from './latency-histogram.ts';
import type { Measurement } from './measure.ts';
import type { TcpFloor } from './tcp-floor.ts';

export interface CommentsReport {
  stamp: string;
  machine: Record<string, string | number>;
  settings: {
    rate: number;
    seconds: number;
    drainSeconds: number;
    clientProcesses: number;
    serverProcesses: number;
    probeEvery: number;
    batchMs: number;
    batchSlices: number;
  };
  tcpFloor: TcpFloor;
  results: (Measurement & { scenario: string })[];
}

const percents = (values: number[]) => values.map((v) => `${v}%`).join(' + ');
// The histogram's last bucket holds everything slower.
const ms = (value: number) => (value >= LatencyHistogram.MAX_MS ? `≥ ${value}` : String(value));

/** The Markdown result file; the "Reading" paragraph is written by hand below it. */
export function renderReport({ stamp, machine, settings, tcpFloor, results }: CommentsReport): string {
  const rows = results.map((r) =>
    [
      r.viewers,
      r.scenario,
      r.joined,
      r.commentsSent,
      `${r.deliveredPercent}%`,
      r.completeViewers,
      ms(r.probeLatencyMs.p50),
      ms(r.probeLatencyMs.p99),
      ms(Math.max(r.probeLatencyMs.max, r.framesOldestCommentLatencyMs.max)),
      r.publishLatencyMs ? `${ms(r.publishLatencyMs.p50)} / ${ms(r.publishLatencyMs.p99)}` : '–',
      percents(r.serverCpuPercent),
      percents(r.loadGeneratorCpuPercent),
      r.redisCpuPercent === null ? '–' : `${r.redisCpuPercent}%`,
      `${r.machineBusyPercent}%`,
      `${r.otherProcessesCpuPercent}%`,
    ].join(' | '),
  );
  const framesPerSecond = (tcpFloor.connections * 1000) / settings.batchMs;
  const floorPercent = Math.round(((tcpFloor.writeMicros + tcpFloor.readMicros) * framesPerSecond) / 1e4 / Number(machine.cores));
  return `# bench/comments, ${stamp}

Machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}; load average at the end: ${machine.loadAverage}.
Everything runs on these cores: the servers, Redis, PostgreSQL, the load generator (${settings.clientProcesses} viewer processes) and the sender.

${settings.rate} comments/s for ${settings.seconds} s to one stream, each numbered and stamped with its send time. The engine runs as
${settings.serverProcesses} API server processes (one database, one Redis prefix) with the viewers split evenly over them; the sender
uses the first. The bare relay is one process. Every ${settings.probeEvery}th viewer in join order is a socket.io-client probe that
decodes every event and records each comment's send → receive latency (p50, p99). The others are light WebSocket clients
(Engine.IO v4, pings answered) that read only the first and the last comment number of each frame: that tells how many comments
it carries and whether any was lost, repeated or reordered. "delivered" is comments received over comments sent × viewers,
${settings.drainSeconds} s after the last send; "complete" counts the viewers that got every comment, once and in order; "max" is
the slowest comment on any viewer. "published" is send → the comment's publish on the engine's Redis bus (p50 / p99): the part
before the fan-out. CPU is measured while comments are sent, in % of one core per process; "machine" is the share of all cores
busy, which includes the kernel's network work that no process is charged for; "others" is the CPU of unrelated processes
(a run is repeated, up to 3 times, while it is above 10%). comment:batch goes to each socket every ${settings.batchMs} ms at most,
a stream's sockets spread over ${settings.batchSlices} slices that take turns.

| viewers | server | joined | comments | delivered | complete | p50 ms | p99 ms | max ms | published ms | server CPU | load generator CPU | Redis CPU | machine | others |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.map((row) => `| ${row} |`).join('\n')}

The floor, measured in the same run: a plain TCP write of one ${tcpFloor.frameBytes}-byte frame to one of ${tcpFloor.connections}
loopback connections costs the writer ${tcpFloor.writeMicros} µs of CPU and the reader ${tcpFloor.readMicros} µs, with no WebSocket or
Socket.IO at all. One frame per viewer every ${settings.batchMs} ms for ${tcpFloor.connections} viewers is ${framesPerSecond} frames/s:
${floorPercent}% of this machine's ${machine.cores} cores before any server or client code runs.
`;
}
