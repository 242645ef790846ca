import { ApiError } from '../../lib/api.ts';
import { copyText } from '../../lib/clipboard.ts';
import { h, show } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';
import type { Session } from '../../lib/session.ts';
import {
  createShareLink,
  type Earnings,
  followKol,
  getEarnings,
  getKol,
  joinFanGroup,
  type KolProfile,
  listMyShareLinks,
  type ShareLinkStats,
  unfollowKol,
} from '../../lib/social-api.ts';

const EARNINGS_REFRESH_MS = 10_000;
// GET /me/earnings carries no currency: commissions are kept in the platform's (API.md's default).
const EARNINGS_CURRENCY = 'CNY';
const SHARE_ICON =
  'M21 5a3 3 0 1 1-6 0 3 3 0 0 1 6 0ZM9 12a3 3 0 1 1-6 0 3 3 0 0 1 6 0Zm12 7a3 3 0 1 1-6 0 3 3 0 0 1 6 0ZM8.6 10.5l6.8-4M8.6 13.5l6.8 4';

function icon(d: string): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('icon');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

const plural = (n: number, one: string, many: string) => `${new Intl.NumberFormat().format(n)} ${n === 1 ? one : many}`;

/**
 * Under the video: the host with their follower count, Follow, "Join fan group" (then the fan
 * badge), Share (a link that credits the sharer, copied to the clipboard), and for a signed-in
 * sharer their link's clicks and orders and their pending earnings.
 */
export class SocialBar {
  readonly #streamId: string;
  readonly #session: () => Session | undefined;
  readonly #avatar = h('span', { className: 'avatar avatar-large', attrs: { 'aria-hidden': 'true' } });
  readonly #hostName = h('strong', { className: 'host-name', attrs: { id: 'host-name' } });
  readonly #followers = h('span', { className: 'muted small', attrs: { id: 'follower-count' } });
  readonly #follow = h('button', {
    className: 'button follow-button',
    attrs: { id: 'follow-button', type: 'button', 'aria-pressed': 'false' },
  });
  readonly #joinFans = h(
    'button',
    { className: 'button button-outline', attrs: { id: 'fan-join-button', type: 'button' } },
    'Join fan group',
  );
  readonly #fanBadge = h('span', {
    className: 'fan-badge fan-badge-large',
    attrs: { id: 'fan-badge', title: 'Your fan level with this host' },
  });
  readonly #share = h('button', { className: 'button button-outline', attrs: { id: 'share-button', type: 'button' } });
  readonly #status = h('p', { className: 'social-status small', attrs: { id: 'share-status', role: 'status', 'aria-live': 'polite' } });
  readonly #manualCopy = h('input', { className: 'share-url', attrs: { id: 'share-url', readonly: '', 'aria-label': 'Share link' } });
  readonly #sharerLine = h('p', { className: 'sharer-line small', attrs: { id: 'sharer-line' } });
  readonly #linkStats = h('span', { attrs: { id: 'share-link-stats' } });
  readonly #earnings = h('span', { attrs: { id: 'share-earnings' } });

  #kolId: string | undefined;
  #profile: KolProfile | undefined;
  #fanLevel: number | null = null;
  #link: ShareLinkStats | { code: string; url: string } | undefined;
  #earningsValue: Earnings | undefined;
  #isBusy = false;
  #statusTimer: ReturnType<typeof setTimeout> | undefined;

  readonly #askToSignIn: (title: string, hint: string) => void;

  constructor(deps: {
    root: HTMLElement;
    streamId: string;
    session: () => Session | undefined;
    /** Follow or Join by a signed-out viewer opens the sign-in dialog. */
    askToSignIn: (title: string, hint: string) => void;
  }) {
    this.#streamId = deps.streamId;
    this.#session = deps.session;
    this.#askToSignIn = deps.askToSignIn;
    this.#share.append(icon(SHARE_ICON), 'Share');
    deps.root.replaceChildren(
      h(
        'div',
        { className: 'social-row' },
        h('div', { className: 'host' }, this.#avatar, h('div', { className: 'host-text' }, this.#hostName, this.#followers)),
        h('div', { className: 'social-actions' }, this.#follow, this.#joinFans, this.#fanBadge, this.#share),
      ),
      this.#status,
      this.#manualCopy,
      this.#sharerLine,
    );
    this.#sharerLine.append(this.#linkStats, this.#earnings);
    show(this.#manualCopy, false);
    show(this.#sharerLine, false);
    show(deps.root, true);
    this.#follow.addEventListener('click', () => void this.#toggleFollow());
    this.#joinFans.addEventListener('click', () => void this.#join());
    this.#share.addEventListener('click', () => void this.share());
    this.#manualCopy.addEventListener('focus', () => this.#manualCopy.select());
    setInterval(() => {
      if (document.visibilityState === 'visible' && this.#isSharer()) void this.#loadSharer();
    }, EARNINGS_REFRESH_MS);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.#isSharer()) void this.#loadSharer();
    });
    void this.#loadSharer();
    this.#render();
  }

  /** The stream's host and the viewer's fan level, from the join snapshot. */
  setHost(kolId: string, fanLevel: number | null): void {
    const isNewHost = kolId !== this.#kolId;
    this.#kolId = kolId;
    this.#fanLevel = fanLevel;
    if (isNewHost) this.#profile = undefined;
    void this.#loadProfile();
    this.#render();
  }

  /** After a sign-in or sign-out: following, fan level and earnings belong to someone else now. */
  renderSession(): void {
    this.#link = undefined;
    this.#earningsValue = undefined;
    this.#fanLevel = null;
    void this.#loadProfile();
    void this.#loadSharer();
    this.#render();
  }

  async #loadProfile(): Promise<void> {
    if (!this.#kolId) return;
    try {
      this.#profile = await getKol(this.#kolId, this.#session()?.token);
    } catch {
      // The host line stays as it is; follow still works.
    }
    this.#render();
  }

  /** The viewer's link to this stream (if any) and their earnings. */
  async #loadSharer(): Promise<void> {
    const session = this.#session();
    if (!session) return;
    try {
      const [links, earnings] = await Promise.all([listMyShareLinks(session.token), getEarnings(session.token)]);
      if (this.#session()?.user.id !== session.user.id) return;
      this.#link = links.items.find((l) => l.streamId === this.#streamId) ?? this.#link;
      this.#earningsValue = earnings;
    } catch {
      // Shown again on the next refresh.
    }
    this.#render();
  }

  async #toggleFollow(): Promise<void> {
    const session = this.#session();
    const kolId = this.#kolId;
    if (!kolId || this.#isBusy) return;
    if (!session) {
      this.#askToSignIn('Sign in to follow', 'You hear when this host goes live.');
      return;
    }
    this.#isBusy = true;
    this.#render();
    try {
      this.#profile = this.#profile?.isFollowing ? await unfollowKol(session.token, kolId) : await followKol(session.token, kolId);
      this.#say(this.#profile.isFollowing ? `You follow ${this.#profile.displayName}: you hear when they go live.` : '');
    } catch (error) {
      this.#say(error instanceof ApiError ? error.message : 'Could not reach the server; try again.');
    } finally {
      this.#isBusy = false;
      this.#render();
    }
  }

  async #join(): Promise<void> {
    const session = this.#session();
    const kolId = this.#kolId;
    if (!kolId || this.#isBusy) return;
    if (!session) {
      this.#askToSignIn('Sign in to join the fan group', 'Watch, comment and buy to level up.');
      return;
    }
    this.#isBusy = true;
    this.#render();
    try {
      const membership = await joinFanGroup(session.token, kolId);
      this.#fanLevel = membership.level;
      this.#say('Welcome to the fan group! Watch, comment and buy to level up.');
    } catch (error) {
      this.#say(error instanceof ApiError ? error.message : 'Could not reach the server; try again.');
    } finally {
      this.#isBusy = false;
      this.#render();
    }
  }

  /** Share: a link that credits a signed-in sharer, copied to the clipboard (or shown to copy by hand). */
  async share(): Promise<void> {
    const session = this.#session();
    show(this.#manualCopy, false);
    let url = location.href.split('#')[0] ?? location.href;
    if (session) {
      try {
        this.#link ??= await createShareLink(session.token, { streamId: this.#streamId });
        // The page's own origin is the one the sharer reached us at (the server's `url` is built
        // from PUBLIC_URL, which defaults to the listen address).
        url = new URL(`/s/${encodeURIComponent(this.#link.code)}`, location.origin).href;
      } catch (error) {
        this.#say(error instanceof ApiError ? error.message : 'Could not make a share link; try again.');
        return;
      }
    }
    const hint = session ? ' You earn when friends buy through it.' : ' Sign in before sharing to earn when friends buy.';
    if (await copyText(url)) {
      this.#say(`Link copied.${hint}`, true);
    } else {
      this.#manualCopy.value = url;
      show(this.#manualCopy, true);
      this.#manualCopy.focus();
      this.#say(`Copy this link to share the stream.${hint}`);
    }
    if (session) void this.#loadSharer();
  }

  #say(message: string, isFleeting = false): void {
    clearTimeout(this.#statusTimer);
    this.#status.textContent = message;
    this.#status.classList.toggle('is-success', isFleeting);
    show(this.#status, message !== '');
    if (isFleeting) this.#statusTimer = setTimeout(() => this.#say(''), 6000);
  }

  #isSharer(): boolean {
    const e = this.#earningsValue;
    return Boolean(this.#session()) && (this.#link !== undefined || (e !== undefined && e.pendingCents + e.settledCents !== 0));
  }

  #render(): void {
    const session = this.#session();
    const profile = this.#profile;
    const isHost = Boolean(session && this.#kolId && session.user.id === this.#kolId);
    this.#hostName.textContent = profile?.displayName ?? 'Host';
    this.#avatar.textContent = (profile?.displayName.trim()[0] ?? '·').toUpperCase();
    this.#followers.textContent = profile ? plural(profile.followerCount, 'follower', 'followers') : '';

    show(this.#follow, !isHost && Boolean(this.#kolId));
    const isFollowing = profile?.isFollowing ?? false;
    this.#follow.textContent = isFollowing ? 'Following' : 'Follow';
    this.#follow.classList.toggle('is-following', isFollowing);
    this.#follow.setAttribute('aria-pressed', String(isFollowing));
    this.#follow.disabled = this.#isBusy;

    const isFan = this.#fanLevel !== null;
    show(this.#joinFans, !isHost && !isFan && Boolean(this.#kolId));
    this.#joinFans.disabled = this.#isBusy;
    show(this.#fanBadge, isFan);
    this.#fanBadge.textContent = isFan ? `Fan · Lv ${this.#fanLevel}` : '';

    const link = this.#link;
    const earnings = this.#earningsValue;
    show(this.#sharerLine, this.#isSharer());
    this.#linkStats.textContent =
      link && 'clicks' in link ? `Your link: ${plural(link.clicks, 'visit', 'visits')}, ${plural(link.orders, 'order', 'orders')}` : '';
    this.#earnings.textContent = earnings
      ? `Earnings: ${formatMoney(earnings.pendingCents, EARNINGS_CURRENCY)} pending · ${formatMoney(earnings.settledCents, EARNINGS_CURRENCY)} settled`
      : '';
  }
}
