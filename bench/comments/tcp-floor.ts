// What a plain TCP write of one frame costs on this machine, with no WebSocket or Socket.IO: the
// floor under any server's fan-out, since every viewer needs its own write and its own read.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDS = 20;

export interface TcpFloor {
  connections: number;
  frameBytes: number;
  /** CPU of the writing process per write (user + system, the kernel's loopback work included). */
  writeMicros: number;
  /** CPU of the reading processes per frame read. */
  readMicros: number;
}

async function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  const answer = once(child, 'message');
  child.send(message as object);
  return (await answer)[0] as T;
}

/** Writes one `frameBytes` frame to each of `connections` sockets, 20 times, 100 ms apart. */
export async function measureTcpFloor(connections: number, frameBytes: number): Promise<TcpFloor> {
  const child = (args: string[]) => fork(path.join(here, 'tcp-floor-process.ts'), args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const server = child(['server']);
  const readers: ChildProcess[] = [];
  try {
    const { port } = (await once(server, 'message'))[0] as { port: number };
    readers.push(child(['client', String(port), String(connections / 2)]), child(['client', String(port), String(connections / 2)]));
    await Promise.all(readers.map((r) => once(r, 'message')));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const readCpu = async () =>
      (await Promise.all(readers.map((r) => ask<{ cpuMicros: number }>(r, 'cpu')))).reduce((sum, r) => sum + r.cpuMicros, 0);
    const readBefore = await readCpu();
    let writeMicros = 0;
    let writes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const result = await ask<{ writes: number; cpuMicros: number }>(server, frameBytes);
      writeMicros += result.cpuMicros;
      writes += result.writes;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const readMicros = (await readCpu()) - readBefore;
    return {
      connections,
      frameBytes,
      writeMicros: Math.round((10 * writeMicros) / writes) / 10,
      readMicros: Math.round((10 * readMicros) / writes) / 10,
    };
  } finally {
    for (const c of [server, ...readers]) c.kill();
  }
}
