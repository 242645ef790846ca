// A load-generator process: `count` viewers of one stream, spread over the servers. Every
// `probeEvery`-th viewer in join order is a socket.io-client probe, so the probes sample every
// position in the server's fan-out loop; the others are light viewers that only check comment numbers.
import { LatencyHistogram } from './latency-histogram.ts';
import { LightViewer } from './light-viewer.ts';
import { ProbeViewer } from './probe-viewer.ts';
import type { ViewerProcessOptions, ViewerReply, ViewerReport, ViewerRequest } from './viewer-protocol.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ViewerProcessOptions;
const reply = (message: ViewerReply) => process.send?.(message);
const probeLatency = new LatencyHistogram();
const lightLatency = new LatencyHistogram();
const viewers: (LightViewer | ProbeViewer)[] = [];
const joinPayload = { streamId: options.streamId, ...(options.commentBatching ? { commentBatching: true } : {}) };
let failed = 0;
let firstError: string | undefined;

let next = 0;
async function joinNext(): Promise<void> {
  while (next < options.count) {
    const index = next++;
    const viewer = index % options.probeEvery === 0 ? new ProbeViewer(probeLatency) : new LightViewer(lightLatency);
    try {
      await viewer.join(options.urls[index % options.urls.length] ?? '', joinPayload);
      viewers.push(viewer);
    } catch (error) {
      failed++;
      firstError ??= String(error);
      viewer.close();
    }
  }
}
await Promise.all(Array.from({ length: options.concurrency }, joinNext));
reply({ type: 'joined', joined: viewers.length, failed, ...(firstError ? { firstError } : {}) });

function report(commentsSent: number): ViewerReport {
  return {
    joined: viewers.length,
    probes: viewers.filter((v) => v instanceof ProbeViewer).length,
    connected: viewers.filter((v) => v.isConnected).length,
    deliveries: viewers.reduce((sum, v) => sum + v.sequence.received, 0),
    complete: viewers.filter((v) => v.sequence.isComplete(commentsSent)).length,
    withBreaks: viewers.filter((v) => v.sequence.breaks > 0).length,
    probeLatency: probeLatency.buckets,
    lightLatency: lightLatency.buckets,
  };
}

process.on('message', (message: ViewerRequest) => {
  if (message.type === 'report') reply({ type: 'report', report: report(message.commentsSent) });
  if (message.type === 'stop') {
    for (const viewer of viewers) viewer.close();
    setTimeout(() => process.exit(0), 200);
  }
});
