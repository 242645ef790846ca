import { describe, expect, it } from 'vitest';
import { SettlementBatcher } from './settlement-batcher.ts';

describe('SettlementBatcher', () => {
  const recording = (answer: (ids: string[]) => Map<string, string | Error>) => {
    const calls: string[][] = [];
    const batcher = new SettlementBatcher<string>({
      settleMany: async (ids) => {
        calls.push(ids);
        return answer(ids);
      },
      maxBatch: 3,
      lingerMs: 5,
    });
    return { batcher, calls };
  };

  it('settles calls that arrive together with one settleMany() and gives each caller its own outcome', async () => {
    const { batcher, calls } = recording((ids) => new Map(ids.map((id) => [id, `settled ${id}`])));
    expect(await Promise.all([batcher.settle('a'), batcher.settle('b')])).toEqual(['settled a', 'settled b']);
    expect(calls).toEqual([['a', 'b']]);
  });

  it('flushes a full batch at once and starts the next one', async () => {
    const { batcher, calls } = recording((ids) => new Map(ids.map((id) => [id, 'ok'])));
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => batcher.settle(id)));
    expect(calls).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('rejects only the caller whose order failed, and every caller when the whole batch fails', async () => {
    const { batcher } = recording((ids) => new Map(ids.map((id) => [id, id === 'bad' ? new Error('bad order') : 'ok'])));
    const results = await Promise.allSettled([batcher.settle('good'), batcher.settle('bad')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);

    const failing = new SettlementBatcher<string>({
      settleMany: async () => {
        throw new Error('database down');
      },
      maxBatch: 10,
      lingerMs: 1,
    });
    const all = await Promise.allSettled([failing.settle('x'), failing.settle('y')]);
    expect(all.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['Error: database down', 'Error: database down']);
  });

  it('rejects a caller whose order is missing from the answer', async () => {
    const { batcher } = recording(() => new Map());
    await expect(batcher.settle('lost')).rejects.toThrow('no settlement outcome for order lost');
  });
});
