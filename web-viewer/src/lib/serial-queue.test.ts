import { describe, expect, it } from 'vitest';
import { backoffMs, SerialQueue } from './serial-queue.ts';

describe('SerialQueue', () => {
  it('runs tasks one after another, in order, even when one fails', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([queue.run(task('a', 20)), queue.run(task('b', 1, true)), queue.run(task('c', 1))]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('backoffMs', () => {
  it('doubles from 250 ms and stops at the cap', () => {
    expect([0, 1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt))).toEqual([250, 500, 1000, 2000, 4000, 4000]);
  });
});
