import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CommentBatcher, commentSliceOf } from './comment-batcher.ts';
import type { CommentPayload } from './contract.ts';

function comment(id: string, streamId = 's1'): CommentPayload {
  return { id, streamId, userId: 'u1', displayName: 'Ann', text: `text ${id}`, at: new Date(0).toISOString(), fanLevel: null };
}

describe('CommentBatcher', () => {
  let flushed: { atMs: number; streamId: string; slice: number; ids: string[] }[];
  let startMs: number;

  function batcher(slices: number): CommentBatcher {
    return new CommentBatcher({
      intervalMs: 100,
      slices,
      flush: (streamId, slice, comments) => flushed.push({ atMs: Date.now() - startMs, streamId, slice, ids: comments.map((c) => c.id) }),
    });
  }

  beforeEach(() => {
    vi.useFakeTimers();
    flushed = [];
    startMs = Date.now();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands over the comments of a stream in arrival order, once, 100 ms after the first came in', () => {
    const batches = batcher(1);
    batches.add(comment('a'));
    vi.advanceTimersByTime(60);
    batches.add(comment('b'));
    batches.add(comment('c'));
    vi.advanceTimersByTime(39);
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual([{ atMs: 100, streamId: 's1', slice: 0, ids: ['a', 'b', 'c'] }]);
    vi.advanceTimersByTime(1000);
    expect(flushed).toHaveLength(1);
  });

  it('flushes its slices in turn, every 100 ms / slices, each with every comment it has not had, in order', () => {
    const batches = batcher(4);
    batches.add(comment('a'));
    vi.advanceTimersByTime(60);
    batches.add(comment('b'));
    vi.advanceTimersByTime(1000);
    expect(flushed).toEqual([
      { atMs: 25, streamId: 's1', slice: 0, ids: ['a'] },
      { atMs: 50, streamId: 's1', slice: 1, ids: ['a'] },
      { atMs: 75, streamId: 's1', slice: 2, ids: ['a', 'b'] },
      { atMs: 100, streamId: 's1', slice: 3, ids: ['a', 'b'] },
      { atMs: 125, streamId: 's1', slice: 0, ids: ['b'] },
      { atMs: 150, streamId: 's1', slice: 1, ids: ['b'] },
    ]);
  });

  it('keeps streams apart, each on its own timer', () => {
    const batches = batcher(1);
    batches.add(comment('a', 's1'));
    vi.advanceTimersByTime(50);
    batches.add(comment('b', 's2'));
    vi.advanceTimersByTime(100);
    expect(flushed.map((f) => [f.atMs, f.streamId, f.ids])).toEqual([
      [100, 's1', ['a']],
      [150, 's2', ['b']],
    ]);
  });

  it('keeps its pace while comments keep coming, and holds no timer after a tick with nothing to send', () => {
    const batches = batcher(1);
    expect(vi.getTimerCount()).toBe(0);
    batches.add(comment('a'));
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(130);
    batches.add(comment('b'));
    vi.advanceTimersByTime(70);
    expect(flushed.map((f) => [f.atMs, f.ids])).toEqual([
      [100, ['a']],
      [200, ['b']],
    ]);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(100);
    expect(vi.getTimerCount()).toBe(0);
    expect(flushed).toHaveLength(2);
  });

  it('remove() keeps a deleted comment from the slices that have not had it, and stops when nothing is left', () => {
    const batches = batcher(2);
    batches.add(comment('a'));
    batches.add(comment('b'));
    vi.advanceTimersByTime(50);
    expect(batches.remove('a')).toBe(true);
    vi.advanceTimersByTime(50);
    expect(flushed.map((f) => [f.slice, f.ids])).toEqual([
      [0, ['a', 'b']],
      [1, ['b']],
    ]);
    expect(batches.remove('b')).toBe(false);

    batches.add(comment('c'));
    expect(batches.remove('c')).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100);
    expect(flushed).toHaveLength(2);
  });

  it('close() stops its timers, drops what is pending and ignores later comments', () => {
    const batches = batcher(4);
    batches.add(comment('a'));
    batches.close();
    batches.add(comment('b'));
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(flushed).toEqual([]);
  });
});

describe('commentSliceOf()', () => {
  it('gives a socket id the same slice every time, and spreads 10,000 random ids evenly over 10 slices', () => {
    const ids = Array.from({ length: 10_000 }, () => randomBytes(15).toString('base64url'));
    const counts = new Array<number>(10).fill(0);
    for (const id of ids) {
      const slice = commentSliceOf(id, 10);
      expect(commentSliceOf(id, 10)).toBe(slice);
      counts[slice] = (counts[slice] ?? 0) + 1;
    }
    expect(Math.min(...counts)).toBeGreaterThan(850);
    expect(Math.max(...counts)).toBeLessThan(1150);
  });
});
