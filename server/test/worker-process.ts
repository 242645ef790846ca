import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Resolves when the process logged "workers are up". */
  readonly ready: Promise<void>;
  /** Resolves with the exit code or signal. */
  readonly exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): Promise<number | string>;
}

/**
 * The separate BullMQ worker process (`node workers/src/main.ts`), as production runs it, on the
 * given database and Redis prefix.
 */
export function startWorkerProcess(env: { DATABASE_URL: string; REDIS_URL: string; REDIS_PREFIX: string }): WorkerProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'workers/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_ENV: 'test', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? code ?? 'unknown'));
    // A process that could not start emits 'error' and never 'exit'.
    child.once('error', (error) => resolve(`spawn failed: ${error.message}`));
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (line.includes('"workers are up"')) resolve();
    });
    void exited.then((how) => reject(new Error(`the worker process exited (${how}) before it was up: ${stderr.join('')}`)));
  });
  ready.catch(() => {});
  return {
    child,
    ready,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
