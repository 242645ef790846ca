import { readFileSync } from 'node:fs';

export interface SystemCpuSample {
  busyTicks: number;
  totalTicks: number;
}

/** The machine's CPU counters (all cores) from /proc/stat. */
export function sampleSystemCpu(): SystemCpuSample {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const totalTicks = fields.reduce((sum, ticks) => sum + ticks, 0);
  // idle and iowait are the 4th and 5th counters.
  const idleTicks = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busyTicks: totalTicks - idleTicks, totalTicks };
}

/** Share of all cores busy between two samples, in percent of the whole machine. */
export function busyPercent(from: SystemCpuSample, to: SystemCpuSample): number {
  const total = to.totalTicks - from.totalTicks;
  return total > 0 ? (100 * (to.busyTicks - from.busyTicks)) / total : 0;
}

/** Datagrams the kernel dropped because a receiving socket's buffer was full (all of the machine's UDP sockets). */
export function udpReceiveBufferErrors(): number {
  const [header, values] = readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('Udp:'));
  const column = header?.split(/\s+/).indexOf('RcvbufErrors') ?? -1;
  return Number(values?.split(/\s+/)[column] ?? 0);
}
