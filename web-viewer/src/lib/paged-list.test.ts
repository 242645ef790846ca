import { describe, expect, it } from 'vitest';
import { type MoreState, type Page, PagedList, type PagedListView } from './paged-list.ts';

/** A view that writes down what the list asked it to show. */
class RecordingView implements PagedListView<string> {
  items: string[] = [];
  state: 'loading' | 'shown' | 'empty' | 'failed' | 'cleared' = 'cleared';
  more: MoreState = 'none';
  retry: (() => void) | undefined;

  reset(phase: 'loading' | 'cleared'): void {
    this.items = [];
    this.state = phase;
  }
  showItems(items: string[], page: 'first' | 'older'): void {
    this.items = page === 'first' ? [...items] : [...this.items, ...items];
    this.state = 'shown';
  }
  showEmpty(): void {
    this.state = 'empty';
  }
  showFailure(_error: unknown, retry: () => void): void {
    this.state = 'failed';
    this.retry = retry;
  }
  showMore(state: MoreState): void {
    this.more = state;
  }
}

/** A page answer the test settles when it chooses. */
function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A server of `total` items named i1…, newest first, `size` a page; cursors are the next index. */
function pagedSource(total: number, size: number) {
  const asked: (string | undefined)[] = [];
  const fetchPage = async (cursor: string | undefined): Promise<Page<string>> => {
    asked.push(cursor);
    const from = cursor ? Number(cursor) : 0;
    const items = Array.from({ length: Math.max(0, Math.min(size, total - from)) }, (_, i) => `i${from + i + 1}`);
    return { items, nextCursor: from + size < total ? String(from + size) : null };
  };
  return { fetchPage, asked };
}

describe('PagedList', () => {
  it('shows the first page, then adds older pages until the last one hides "Show older"', async () => {
    const view = new RecordingView();
    const source = pagedSource(5, 2);
    const list = new PagedList({ fetchPage: source.fetchPage, view });

    await list.reload();
    expect(view.items).toEqual(['i1', 'i2']);
    expect(view.more).toBe('ready');
    await list.loadMore();
    expect(view.items).toEqual(['i1', 'i2', 'i3', 'i4']);
    await list.loadMore();
    expect(view.items).toEqual(['i1', 'i2', 'i3', 'i4', 'i5']);
    expect(view.more).toBe('none');
    expect(list.hasMore).toBe(false);
    await list.loadMore();
    expect(source.asked).toEqual([undefined, '2', '4']);
  });

  it('says the list is empty when the first page has nothing', async () => {
    const view = new RecordingView();
    const list = new PagedList({ fetchPage: pagedSource(0, 10).fetchPage, view });
    await list.reload();
    expect(view.state).toBe('empty');
    expect(view.more).toBe('none');
  });

  it('drops a first page that arrives after a newer reload (the filter changed meanwhile)', async () => {
    const view = new RecordingView();
    const answers = [deferred<Page<string>>(), deferred<Page<string>>()];
    let call = 0;
    const list = new PagedList({ fetchPage: () => (answers[call++] as (typeof answers)[0]).promise, view });

    const old = list.reload();
    const fresh = list.reload();
    answers[1]?.resolve({ items: ['shipped 1'], nextCursor: null });
    await fresh;
    answers[0]?.resolve({ items: ['paid 1', 'paid 2'], nextCursor: 'c' });
    await old;
    expect(view.items).toEqual(['shipped 1']);
    expect(view.more).toBe('none');
  });

  it('drops an older page and its failure once the list was reloaded or cleared', async () => {
    const view = new RecordingView();
    const older = deferred<Page<string>>();
    const failing = deferred<Page<string>>();
    let call = 0;
    const pages = [
      () => Promise.resolve({ items: ['a1'], nextCursor: 'a' }),
      () => older.promise,
      () => Promise.resolve({ items: ['b1'], nextCursor: 'b' }),
      () => failing.promise,
    ];
    const list = new PagedList({ fetchPage: () => (pages[call++] as () => Promise<Page<string>>)(), view });

    await list.reload();
    const more = list.loadMore();
    expect(view.more).toBe('loading');
    await list.reload();
    older.resolve({ items: ['a2'], nextCursor: null });
    await more;
    expect(view.items).toEqual(['b1']);
    expect(view.more).toBe('ready');

    const failedMore = list.loadMore();
    list.clear();
    failing.reject(new Error('offline'));
    await failedMore;
    expect(view.state).toBe('cleared');
    expect(view.more).toBe('none');
  });

  it('shows a failed first page with a retry that reads it again', async () => {
    const view = new RecordingView();
    let isDown = true;
    const list = new PagedList({
      fetchPage: async () => {
        if (isDown) throw new Error('offline');
        return { items: ['x'], nextCursor: null };
      },
      view,
    });
    await list.reload();
    expect(view.state).toBe('failed');
    isDown = false;
    view.retry?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(view.items).toEqual(['x']);
  });

  it('keeps the loaded items when an older page fails, and lets the caller take over an error it handles', async () => {
    const view = new RecordingView();
    let fails = false;
    const handled: unknown[] = [];
    const list = new PagedList({
      fetchPage: async (cursor) => {
        if (fails) throw new Error(cursor === undefined ? 'signed out' : 'offline');
        return { items: ['a'], nextCursor: 'next' };
      },
      view,
      handlesError: (error) => error instanceof Error && error.message === 'signed out' && handled.push(error) > 0,
    });
    await list.reload();
    fails = true;
    await list.loadMore();
    expect(view.items).toEqual(['a']);
    expect(view.more).toBe('failed');

    await list.reload();
    expect(handled).toHaveLength(1);
    expect(view.state).toBe('cleared');
  });

  it('tells a refresh whether its answer still applies', async () => {
    const view = new RecordingView();
    const list = new PagedList({ fetchPage: pagedSource(3, 2).fetchPage, view });
    await list.reload();
    const isCurrent = list.currentCheck();
    expect(isCurrent()).toBe(true);
    const reloading = list.reload();
    expect(isCurrent()).toBe(false);
    await reloading;
    expect(list.currentCheck()()).toBe(true);
  });
});
