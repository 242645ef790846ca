import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { SinkReply, SinkRequest, SinkTotals } from './sink-protocol.ts';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Request = WithoutId<SinkRequest>;

/** The udp-sinks child process, driven over IPC. */
export class SinkProcess {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (reply: SinkReply) => void>();
  #nextId = 1;

  static async start(): Promise<SinkProcess> {
    const child = fork(fileURLToPath(new URL('./udp-sinks.ts', import.meta.url)), { execPath: process.execPath, stdio: 'inherit' });
    await once(child, 'spawn');
    return new SinkProcess(child);
  }

  constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (message) => {
      const reply = message as SinkReply;
      this.#pending.get(reply.id)?.(reply);
      this.#pending.delete(reply.id);
    });
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  /** Opens `count` more sinks and returns their UDP ports. */
  async open(count: number): Promise<number[]> {
    const reply = await this.#request({ type: 'open', count });
    if (reply.type !== 'opened') throw new Error('udp-sinks: unexpected reply to open');
    return reply.ports;
  }

  /** Starts counting afresh on every sink. */
  async reset(): Promise<void> {
    await this.#request({ type: 'reset' });
  }

  async totals(): Promise<SinkTotals> {
    const reply = await this.#request({ type: 'totals' });
    if (reply.type !== 'totals') throw new Error('udp-sinks: unexpected reply to totals');
    return reply.totals;
  }

  /** Closes every sink (the process stays for the next scenario). */
  async closeSinks(): Promise<void> {
    await this.#request({ type: 'close' });
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = once(this.#child, 'exit');
    this.#child.disconnect();
    await exited;
  }

  #request(request: Request): Promise<SinkReply> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (reply) => (reply.type === 'error' ? reject(new Error(`udp-sinks: ${reply.message}`)) : resolve(reply)));
      this.#child.send({ ...request, id } as SinkRequest);
    });
  }
}
