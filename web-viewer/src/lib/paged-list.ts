import { h, show } from './dom.ts';

/** One page of a cursor-paged list answer; `nextCursor` is absent or null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null | undefined;
}

/** The "Show older" button: no more pages, ready, reading the next page, or that read failed. */
export type MoreState = 'none' | 'ready' | 'loading' | 'failed';

/** What a paged list shows; PagedList calls it, and never for an answer that a reload made stale. */
export interface PagedListView<T> {
  /** The first page is on its way (`loading`), or the list was emptied (`cleared`). */
  reset(phase: 'loading' | 'cleared'): void;
  /** A page arrived: the first one replaces what is shown, an older one is added below. */
  showItems(items: T[], page: 'first' | 'older'): void;
  /** The first page came back empty. */
  showEmpty(): void;
  /** The first page could not be read. */
  showFailure(error: unknown, retry: () => void): void;
  showMore(state: MoreState): void;
}

/**
 * A list read a page at a time, newest first: the first page, then older ones on demand. Every
 * reload() or clear() starts a new generation, and an answer from an older generation is dropped,
 * so a slow answer for a filter no longer shown never lands in the list.
 */
export class PagedList<T> {
  readonly #fetchPage: (cursor: string | undefined) => Promise<Page<T>>;
  readonly #view: PagedListView<T>;
  readonly #handlesError: (error: unknown) => boolean;
  #generation = 0;
  #cursor: string | undefined;
  #isLoadingFirst = false;
  #isLoadingMore = false;

  constructor(deps: {
    fetchPage: (cursor: string | undefined) => Promise<Page<T>>;
    view: PagedListView<T>;
    /** True when the caller dealt with the error itself (the session ended …): the list then shows no failure. */
    handlesError?: (error: unknown) => boolean;
  }) {
    this.#fetchPage = deps.fetchPage;
    this.#view = deps.view;
    this.#handlesError = deps.handlesError ?? (() => false);
  }

  /** True while the first page is on its way. */
  get isLoading(): boolean {
    return this.#isLoadingFirst;
  }

  get hasMore(): boolean {
    return this.#cursor !== undefined;
  }

  /** Reads the first page (again), dropping whatever an earlier read still brings. */
  async reload(): Promise<void> {
    const generation = this.#startGeneration();
    this.#isLoadingFirst = true;
    this.#view.reset('loading');
    this.#view.showMore('none');
    try {
      const page = await this.#fetchPage(undefined);
      if (generation !== this.#generation) return;
      this.#isLoadingFirst = false;
      this.#view.showItems(page.items, 'first');
      this.setNextCursor(page.nextCursor);
      if (page.items.length === 0) this.#view.showEmpty();
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#isLoadingFirst = false;
      if (this.#handlesError(error)) this.#view.reset('cleared');
      else this.#view.showFailure(error, () => void this.reload());
    }
  }

  /** Reads the next older page and adds it below; does nothing without one or while one is on its way. */
  async loadMore(): Promise<void> {
    if (this.#cursor === undefined || this.#isLoadingMore || this.#isLoadingFirst) return;
    const generation = this.#generation;
    this.#isLoadingMore = true;
    this.#view.showMore('loading');
    try {
      const page = await this.#fetchPage(this.#cursor);
      if (generation !== this.#generation) return;
      this.#view.showItems(page.items, 'older');
      this.setNextCursor(page.nextCursor);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#view.showMore(this.#handlesError(error) ? 'ready' : 'failed');
    } finally {
      if (generation === this.#generation) this.#isLoadingMore = false;
    }
  }

  /** Forgets what is shown and drops every answer still on its way (after signing out …). */
  clear(): void {
    this.#startGeneration();
    this.#view.reset('cleared');
    this.#view.showMore('none');
  }

  /**
   * A check that stays true until the next reload() or clear(), for a read the list did not make
   * itself (a refresh of the rows shown): its answer applies only while the check holds.
   */
  currentCheck(): () => boolean {
    const generation = this.#generation;
    return () => generation === this.#generation && !this.#isLoadingFirst;
  }

  /** Where "Show older" reads from next; a refresh that read everything shown again sets it. */
  setNextCursor(cursor: string | null | undefined): void {
    this.#cursor = cursor ?? undefined;
    this.#view.showMore(this.#cursor === undefined ? 'none' : 'ready');
  }

  #startGeneration(): number {
    this.#cursor = undefined;
    this.#isLoadingFirst = false;
    this.#isLoadingMore = false;
    return ++this.#generation;
  }
}

/**
 * A PagedListView on the page's elements: the list, a state box for the empty and error states,
 * and the "Show older" button with its error line (the markup the console and My orders use).
 */
export class PagedListElements<T> implements PagedListView<T> {
  readonly #list: HTMLElement;
  readonly #state: HTMLElement;
  readonly #more: HTMLButtonElement;
  readonly #moreError: HTMLElement;
  readonly #moreLabel: string;
  readonly #rows: (items: T[], page: 'first' | 'older') => HTMLElement[];
  readonly #placeholders: () => HTMLElement[];
  readonly #empty: () => HTMLElement[];
  readonly #failure: (error: unknown, retry: () => void) => HTMLElement[];

  constructor(deps: {
    list: HTMLElement;
    state: HTMLElement;
    more: HTMLButtonElement;
    moreError: HTMLElement;
    rows: (items: T[], page: 'first' | 'older') => HTMLElement[];
    placeholders: () => HTMLElement[];
    empty: () => HTMLElement[];
    /** The error state's contents, with a button that calls `retry` (see loadFailure). */
    failure: (error: unknown, retry: () => void) => HTMLElement[];
    onMore: () => void;
  }) {
    this.#list = deps.list;
    this.#state = deps.state;
    this.#more = deps.more;
    this.#moreError = deps.moreError;
    this.#moreLabel = deps.more.textContent ?? 'Show older';
    this.#rows = deps.rows;
    this.#placeholders = deps.placeholders;
    this.#empty = deps.empty;
    this.#failure = deps.failure;
    this.#more.addEventListener('click', deps.onMore);
  }

  reset(phase: 'loading' | 'cleared'): void {
    this.#list.replaceChildren(...(phase === 'loading' ? this.#placeholders() : []));
    this.#list.setAttribute('aria-busy', String(phase === 'loading'));
    this.showState(undefined);
  }

  showItems(items: T[], page: 'first' | 'older'): void {
    const rows = this.#rows(items, page);
    if (page === 'first') this.#list.replaceChildren(...rows);
    else this.#list.append(...rows);
    this.#list.setAttribute('aria-busy', 'false');
  }

  showEmpty(): void {
    this.showState(this.#empty());
  }

  showFailure(error: unknown, retry: () => void): void {
    this.#list.replaceChildren();
    this.#list.setAttribute('aria-busy', 'false');
    this.showState(this.#failure(error, retry));
  }

  showMore(state: MoreState): void {
    show(this.#more, state !== 'none');
    this.#more.disabled = state === 'loading';
    this.#more.textContent = state === 'loading' ? 'Loading…' : this.#moreLabel;
    show(this.#moreError, state === 'failed');
  }

  /** Shows an empty or error state in the state box, or hides it. */
  showState(content: HTMLElement[] | undefined): void {
    this.#state.replaceChildren(...(content ?? []));
    show(this.#state, Boolean(content));
  }
}

/** The empty state's usual contents: a title, a line that says what will appear, and an optional action. */
export function emptyState(title: string, text: string, action?: HTMLElement): HTMLElement[] {
  return [h('p', { className: 'panel-state-title' }, title), h('p', { className: 'muted small' }, text), ...(action ? [action] : [])];
}
