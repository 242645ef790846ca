export interface WorkerFigures {
  role: 'origin' | 'edge';
  consumers: number;
  cpuPercent: number;
  cpuPercentPer100Consumers: number;
  /** Worker CPU time per packet it sent to a consumer. */
  cpuMicrosecondsPerForwardedPacket: number;
}

export interface StepResult {
  consumers: number;
  workers: WorkerFigures[];
  seconds: number;
  /** Packets per second the generated source sent; null for ffmpeg, which does not say. */
  sourcePacketsPerSecond: number | null;
  producerPacketsPerSecond: number;
  /**
   * Packets every consumer missed: lost before the fan-out, at the worker's input (it did not
   * read its socket in time) or on the way through the pipe.
   */
  lostBeforeFanOut: number;
  expectedPackets: number;
  receivedPackets: number;
  lostPackets: number;
  lossPercent: number;
  worstConsumerLost: number;
  /** Datagrams the kernel dropped at full receive buffers during the window (whole machine: sinks, the producer's socket, others). */
  udpReceiveBufferDrops: number;
  sinkCpuPercent: number;
  machineBusyPercent: number;
  loadAverage: string;
}

export interface ScenarioResult {
  name: string;
  numWorkers: number;
  source: string;
  bitrateKbps: number;
  windowSeconds: number;
  steps: StepResult[];
  stopReason: string;
}

export interface ScenarioVerdict {
  name: string;
  /** The most consumers of a step with no packet lost and every worker within the CPU limit. */
  consumersWithoutLoss: number;
  consumersPerWorkerWithoutLoss: number;
  /** Worker CPU per 100 consumers at that step (the busiest worker). */
  cpuPercentPer100Consumers: number | null;
  /** Consumers one worker would carry at the CPU limit on a core of its own, from that figure. */
  projectedConsumersPerWorker: number | null;
}

export interface BenchReport {
  machine: Record<string, string | number>;
  uptimeBefore: string;
  uptimeAfter: string;
  goal: { consumersPerWorker: number; maxLossPercent: number; maxWorkerCpuPercent: number };
  scenarios: ScenarioResult[];
  verdict: ScenarioVerdict[];
}

/** For each scenario, the largest step that lost nothing with every worker within `maxCpuPercent`. */
export function verdict(scenarios: ScenarioResult[], maxCpuPercent: number): ScenarioVerdict[] {
  return scenarios.map((scenario) => {
    const clean = scenario.steps.filter((step) => step.lostPackets === 0 && step.workers.every((w) => w.cpuPercent <= maxCpuPercent));
    const best = clean.reduce<StepResult | undefined>(
      (found, step) => (!found || step.consumers > found.consumers ? step : found),
      undefined,
    );
    const per100 = best ? Math.max(...best.workers.map((w) => w.cpuPercentPer100Consumers)) : null;
    return {
      name: scenario.name,
      consumersWithoutLoss: best?.consumers ?? 0,
      consumersPerWorkerWithoutLoss: Math.floor((best?.consumers ?? 0) / scenario.numWorkers),
      cpuPercentPer100Consumers: per100,
      projectedConsumersPerWorker: per100 ? Math.floor((maxCpuPercent / per100) * 100) : null,
    };
  });
}

function stepRow(step: StepResult): string {
  const cpu = step.workers.map((w) => `${w.cpuPercent}%`).join(' / ');
  const per100 = step.workers.map((w) => `${w.cpuPercentPer100Consumers}%`).join(' / ');
  const perPacket = step.workers.map((w) => w.cpuMicrosecondsPerForwardedPacket).join(' / ');
  const split = step.workers.map((w) => w.consumers).join(' / ');
  return `| ${step.consumers} | ${split} | ${cpu} | ${per100} | ${perPacket} | ${step.producerPacketsPerSecond} | ${step.expectedPackets} | ${step.lostPackets} | ${step.lossPercent}% | ${step.lostBeforeFanOut} | ${step.worstConsumerLost} | ${step.udpReceiveBufferDrops} | ${step.sinkCpuPercent}% | ${step.machineBusyPercent}% | ${step.loadAverage} |`;
}

function goalLines(report: BenchReport): string[] {
  const [single, piped] = report.verdict;
  const goal = report.goal.consumersPerWorker;
  const lines: string[] = [];
  if (single)
    lines.push(
      `- one worker: ${single.consumersWithoutLoss} without loss: goal ${single.consumersWithoutLoss >= goal ? 'met' : 'not shown by this run'}.`,
    );
  if (piped)
    lines.push(
      `- two workers piped: ${piped.consumersWithoutLoss} without loss: goal (${2 * goal}) ${piped.consumersWithoutLoss >= 2 * goal ? 'met' : 'not shown by this run'}.`,
    );
  return lines.length > 0 ? ['', ...lines] : [];
}

/** The Markdown page of bench/results/sfu-<date>.md. */
export function renderReport(report: BenchReport): string {
  const { machine } = report;
  const lines = [
    `# SFU fan-out benchmark, ${String(machine.date).slice(0, 10)}`,
    '',
    'How many consumers one mediasoup worker (3.27.1, the Debian-built worker) forwards one VP8 stream',
    'to, and how many two workers do when the second gets the stream through `pipeToRouter` (the',
    "product's edge router, `RoomRouter.pipeFrom()`). One producer on a PlainTransport; each consumer on",
    'its own PlainTransport sends to its own UDP socket in a separate sink process, which counts',
    'packets and sequence-number gaps (lost packets). N rises until the loss passes 0.1% or a worker',
    `passes ${report.goal.maxWorkerCpuPercent}% of a core. Produced by \`node bench/sfu/run.ts\`; all traffic stays on 127.0.0.1.`,
    '',
    `Machine: ${machine.cores} CPUs (${machine.cpu}), ${machine.memoryGiB} GiB RAM, Node ${machine.node}. The machine is`,
    "shared with other engineers' jobs (tests, builds, other benchmarks): the `machine busy` column is the",
    `whole machine's CPU use during each window, ours included. Load before: \`${report.uptimeBefore}\`;`,
    `after: \`${report.uptimeAfter}\`.`,
    '',
    '## Result',
    '',
    `| scenario | most consumers with no loss | per worker | worker CPU per 100 consumers there | per worker at ${report.goal.maxWorkerCpuPercent}% of a core of its own (projected) |`,
    '| --- | --- | --- | --- | --- |',
    ...report.verdict.map(
      (v) =>
        `| ${v.name} | **${v.consumersWithoutLoss}** | **${v.consumersPerWorkerWithoutLoss}** | ${v.cpuPercentPer100Consumers ?? '–'}% | ${v.projectedConsumersPerWorker ?? '–'} |`,
    ),
    '',
    `Goal: at least ${report.goal.consumersPerWorker} consumers per worker with no loss, and twice that with two workers piped.`,
    ...goalLines(report),
    '',
    'Reading the tables:',
    '',
    '- *worker CPU* is the mediasoup-worker process (user + system time from `/proc/<pid>/stat`) over the',
    '  window, in % of one core; *CPU µs per forwarded packet* divides it by the packets sent to consumers.',
    '- *lost* counts sequence-number gaps at the sinks. *Lost by every consumer* is the fewest any consumer',
    '  lost: those packets were lost before the fan-out (the worker did not read its input socket in time,',
    '  or the pipe dropped them), the rest in the fan-out itself or at the sinks.',
    '- *kernel UDP drops* is `RcvbufErrors` from `/proc/net/snmp` over the window: datagrams dropped at a',
    "  full socket receive buffer anywhere on the machine (the worker's input, the sinks, other jobs).",
    '- *machine busy* is all cores over the window, ours included: the worker, the sink process and the',
    "  bench itself share the 2 cores with other engineers' jobs, so a worker can wait for a core well",
    '  below 85% of one.',
    '',
  ];
  for (const scenario of report.scenarios) {
    lines.push(
      `## ${scenario.name}`,
      '',
      `Source: ${scenario.source === 'ffmpeg' ? 'ffmpeg (libvpx VP8, 640x360, 30 fps)' : 'generated VP8-shaped RTP (30 fps, key frame every 2 s and on PLI)'} at ${scenario.bitrateKbps} kbit/s; ${scenario.windowSeconds} s per step. Stopped: ${scenario.stopReason}.`,
      '',
      '| consumers | per worker (origin / edge) | worker CPU (% of a core) | CPU per 100 consumers | CPU µs per forwarded packet | producer packets/s | packets expected | lost | loss | lost by every consumer (before the fan-out) | worst consumer lost | kernel UDP drops | sink process CPU | machine busy | load average |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...scenario.steps.map(stepRow),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
