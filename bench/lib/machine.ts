import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** What the numbers were measured on, for every result file. */
export function describeMachine(): Record<string, string | number> {
  const cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cores: os.availableParallelism(),
    cpu: cpuModel.trim(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    date: new Date().toISOString(),
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * CPU seconds (user + system) used so far by the processes that are not `rootPid` or its
 * descendants, not kernel threads, and not named in `ignoreNames` (e.g. the Redis and PostgreSQL
 * the benchmark drives). A benchmark compares two readings to see whether other work ran meanwhile.
 */
export function cpuSecondsOfOthers(rootPid: number, ignoreNames: readonly string[] = []): number {
  const processes = new Map<number, { parentPid: number; name: string; cpuSeconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.set(Number(entry), { parentPid: Number(fields[1]), name, cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch {
      // The process ended while we looked.
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let current = pid, hops = 0; current > 1 && hops < 64; hops++) {
      if (current === rootPid) return true;
      current = processes.get(current)?.parentPid ?? 0;
    }
    return false;
  };
  let seconds = 0;
  for (const [pid, p] of processes) {
    const isKernelThread = pid === 2 || p.parentPid === 2;
    if (!isKernelThread && !isOurs(pid) && !ignoreNames.includes(p.name)) seconds += p.cpuSeconds;
  }
  return seconds;
}
