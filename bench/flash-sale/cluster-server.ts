// Runs one of this folder's servers as PROCESSES processes sharing one port (node:cluster, the
// primary hands each new connection to the next process), as a deployment with one API process
// per core would. Tells its parent {type: 'ready', port, pids} once every process listens.
//   env: SERVER_FILE (a file of this folder), PROCESSES; the rest is passed to the server.
import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverFile = path.join(path.dirname(fileURLToPath(import.meta.url)), process.env.SERVER_FILE ?? 'hello-server.ts');
const processes = Math.max(1, Number(process.env.PROCESSES ?? '2'));

cluster.setupPrimary({ exec: serverFile });
const workers: Worker[] = Array.from({ length: processes }, () => cluster.fork());
const ports = await Promise.all(
  workers.map(async (worker) => {
    const [message] = (await once(worker, 'message')) as [{ type: string; port: number | string }];
    return Number(message.port);
  }),
);
process.send?.({ type: 'ready', port: ports[0], pids: workers.map((w) => w.process.pid ?? 0) });

process.once('SIGTERM', () => {
  for (const worker of workers) worker.process.kill('SIGTERM');
  void Promise.all(workers.map((w) => once(w, 'exit'))).finally(() => process.exit(0));
});
