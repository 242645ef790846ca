import { listMyShows } from './accounts-api.ts';
import { h, show } from './dom.ts';
import { mountLoginForm } from './login-form.ts';
import { loadSession, type Session, signOut } from './session.ts';

/**
 * The header's account button: "Sign in" (with a small sign-in or create-account panel) when
 * signed out; when signed in, the user's name and links to My account, My orders, and by role My
 * shows and the studio of the KOL's live (or next) show, the merchant console, moderation. The forms exist only while the panel
 * is open, so the page has no hidden second sign-in form.
 */
export class AccountMenu {
  readonly #onChange: (session: Session | undefined) => void;
  readonly #root = h('div', { className: 'menu account', attrs: { id: 'account' } });
  readonly #button = h('button', {
    className: 'button button-outline menu-button account-button',
    attrs: { id: 'account-button', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'account-panel' },
  });
  readonly #panel = h('div', {
    className: 'menu-panel account-panel',
    attrs: { id: 'account-panel', role: 'region', 'aria-label': 'Account' },
  });

  constructor(deps: { slot: HTMLElement; onChange: (session: Session | undefined) => void }) {
    this.#onChange = deps.onChange;
    this.#root.append(this.#button, this.#panel);
    deps.slot.append(this.#root);
    this.#button.addEventListener('click', () => this.#toggle(this.#panel.hidden !== false));
    document.addEventListener('click', (event) => {
      // composedPath() still holds a target that the click's own handler has just replaced.
      if (!this.#panel.hidden && !event.composedPath().includes(this.#root)) this.#toggle(false);
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.#panel.hidden) {
        this.#toggle(false);
        this.#button.focus();
      }
    });
    this.render();
  }

  render(): void {
    const session = loadSession();
    this.#toggle(false);
    this.#button.replaceChildren(
      ...(session
        ? [
            h('span', { className: 'avatar', attrs: { 'aria-hidden': 'true' } }, initial(session.user.displayName)),
            session.user.displayName,
          ]
        : ['Sign in']),
    );
    this.#button.classList.toggle('is-signed-in', Boolean(session));
  }

  #toggle(open: boolean): void {
    show(this.#panel, open);
    this.#button.setAttribute('aria-expanded', String(open));
    if (!open) {
      this.#panel.replaceChildren();
      return;
    }
    const session = loadSession();
    if (session) this.#renderSignedIn(session);
    else this.#renderSignIn();
  }

  #renderSignedIn(session: Session): void {
    const out = h('button', { className: 'button button-outline', attrs: { id: 'sign-out', type: 'button' } }, 'Sign out');
    out.addEventListener('click', () => {
      signOut();
      this.render();
      this.#onChange(undefined);
    });
    const roles = session.user.roles;
    const studio = h('span', { className: 'account-studio' });
    const links = [
      h('a', { attrs: { href: '/account', id: 'account-page' } }, 'My account'),
      h('a', { attrs: { href: '/orders', id: 'account-orders' } }, 'My orders'),
      ...(roles.includes('kol') ? [h('a', { attrs: { href: '/shows', id: 'account-shows' } }, 'My shows'), studio] : []),
      ...(roles.includes('merchant') ? [h('a', { attrs: { href: '/merchant', id: 'account-merchant' } }, 'Merchant console')] : []),
      ...(roles.includes('admin') ? [h('a', { attrs: { href: '/admin', id: 'account-admin' } }, 'Moderation')] : []),
    ];
    this.#panel.replaceChildren(
      h(
        'p',
        { className: 'account-who' },
        h('strong', {}, session.user.displayName),
        h('span', { className: 'muted small' }, session.user.email),
      ),
      ...links,
      out,
    );
    if (roles.includes('kol')) void this.#linkStudio(session, studio);
  }

  /** A KOL's live show (else the next one) gets a direct link to its studio. */
  async #linkStudio(session: Session, slot: HTMLElement): Promise<void> {
    const shows = await listMyShows(session.token).catch(() => []);
    const show = shows.find((s) => s.status === 'live') ?? shows.find((s) => s.status === 'scheduled');
    if (!show || !slot.isConnected) return;
    const label = show.status === 'live' ? `Studio: ${show.title} (live)` : `Studio: ${show.title}`;
    slot.replaceWith(h('a', { attrs: { href: `/studio/${encodeURIComponent(show.id)}`, id: 'account-studio' } }, label));
  }

  #renderSignIn(): void {
    const slot = h('div');
    this.#panel.replaceChildren(slot);
    mountLoginForm(slot, {
      title: 'Sign in',
      hint: 'For follows, notifications and checkout.',
      compact: true,
      onSignedIn: (session) => this.#signedIn(session),
      // A new creator goes on to plan a show; a new merchant to set up the store.
      onSignedUp: (session, role) => {
        this.#signedIn(session);
        if (role === 'kol') location.assign('/shows');
        else if (role === 'merchant') location.assign('/account#store');
      },
    });
    slot.querySelector('input')?.focus();
  }

  #signedIn(session: Session): void {
    this.render();
    this.#onChange(session);
  }
}

function initial(name: string): string {
  return (name.trim()[0] ?? '?').toUpperCase();
}
