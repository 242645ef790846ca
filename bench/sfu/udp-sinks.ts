// Child process of bench/sfu/run.ts: UDP sockets that receive the consumers' RTP on 127.0.0.1
// and count it, in a process of its own so counting does not use the mediasoup worker's core.
// Loss is counted from RTP sequence numbers, as an RTCP receiver report does: each consumer
// numbers its packets without gaps, so a gap is a lost packet.
import dgram from 'node:dgram';
import { once } from 'node:events';
import type { SinkReply, SinkRequest, SinkTotals } from './sink-protocol.ts';

interface SinkState {
  socket: dgram.Socket;
  received: number;
  /** Extended sequence numbers (wraps counted) of the first and highest packet since the reset. */
  firstSeq: number | undefined;
  highestSeq: number;
}

const sinks: SinkState[] = [];

function listen(sink: SinkState): void {
  sink.socket.on('message', (packet) => {
    // With RTCP multiplexed, bytes 1 in 192..223 are RTCP packet types (SR, RR, SDES, BYE, feedback).
    const secondByte = packet[1] ?? 0;
    if (packet.length < 12 || (secondByte >= 192 && secondByte <= 223)) return;
    const seq = packet.readUInt16BE(2);
    if (sink.firstSeq === undefined) {
      sink.firstSeq = seq;
      sink.highestSeq = seq;
    } else {
      const delta = (seq - (sink.highestSeq & 0xffff) + 0x10000) & 0xffff;
      // A packet up to half the sequence space ahead is newer; anything else is late or repeated.
      if (delta > 0 && delta < 0x8000) sink.highestSeq += delta;
    }
    sink.received++;
  });
}

async function open(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 1 << 20 });
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    const sink: SinkState = { socket, received: 0, firstSeq: undefined, highestSeq: 0 };
    listen(sink);
    sinks.push(sink);
    ports.push(socket.address().port);
  }
  return ports;
}

function reset(): void {
  for (const sink of sinks) {
    sink.received = 0;
    sink.firstSeq = undefined;
    sink.highestSeq = 0;
  }
}

function totals(): SinkTotals {
  const result: SinkTotals = { sinks: sinks.length, flowing: 0, received: 0, expected: 0, worstSinkLost: 0, bestSinkLost: 0 };
  let bestSinkLost = Number.POSITIVE_INFINITY;
  for (const sink of sinks) {
    if (sink.firstSeq === undefined) continue;
    const expected = sink.highestSeq - sink.firstSeq + 1;
    result.flowing++;
    result.received += sink.received;
    result.expected += expected;
    result.worstSinkLost = Math.max(result.worstSinkLost, expected - sink.received);
    bestSinkLost = Math.min(bestSinkLost, expected - sink.received);
  }
  result.bestSinkLost = Number.isFinite(bestSinkLost) ? bestSinkLost : 0;
  return result;
}

async function handle(request: SinkRequest): Promise<SinkReply> {
  switch (request.type) {
    case 'open':
      return { id: request.id, type: 'opened', ports: await open(request.count) };
    case 'reset':
      reset();
      return { id: request.id, type: 'done' };
    case 'totals':
      return { id: request.id, type: 'totals', totals: totals() };
    case 'close':
      for (const sink of sinks.splice(0)) sink.socket.close();
      return { id: request.id, type: 'done' };
  }
}

process.on('message', (message) => {
  const request = message as SinkRequest;
  handle(request).then(
    (reply) => process.send?.(reply),
    (error: unknown) => process.send?.({ id: request.id, type: 'error', message: String(error) } satisfies SinkReply),
  );
});
process.on('disconnect', () => process.exit(0));
