import '../../styles/base.css';
import '../../styles/social.css';
import '../../styles/dialog.css';
import '../../styles/checkout.css';
import './account.css';
import { AccountMenu } from '../../lib/account-menu.ts';
import { type AccountView, getAccount, refreshToken } from '../../lib/accounts-api.ts';
import { ApiError } from '../../lib/api.ts';
import { byId, show } from '../../lib/dom.ts';
import { mountLoginForm } from '../../lib/login-form.ts';
import { NotificationsMenu } from '../../lib/notifications-menu.ts';
import { loadSession, type Session, saveSession, signOut } from '../../lib/session.ts';
import { connectLive } from '../../lib/socket.ts';
import { AddressBookCard } from './address-book-card.ts';
import { CreatorCard } from './creator-card.ts';
import { ProfileCard } from './profile-card.ts';
import { StoreCard } from './store-card.ts';

const signedOut = byId('signed-out');
const grid = byId('account');
const errorBox = byId('account-error');
const token = () => loadSession()?.token ?? '';

const socket = connectLive(() => loadSession()?.token);
const header = byId('header-actions');
const notifications = new NotificationsMenu({ slot: header, socket, session: loadSession });
const menu = new AccountMenu({ slot: header, onChange: () => sessionChanged() });

/** A role change answers a fresh token: keep it, so the whole site sees the new roles at once. */
function adoptToken(next: { token: string; user: Session['user'] }): void {
  saveSession({ token: next.token, user: next.user });
  menu.render();
  socket.disconnect().connect();
}

const profile = new ProfileCard({ token, onSaved: (account) => rendered(account) });
const creator = new CreatorCard({
  token,
  onChanged: (change) => {
    adoptToken(change);
    rendered(change);
  },
});
const store = new StoreCard({
  token,
  onChanged: (change) => {
    adoptToken(change);
    rendered(change);
  },
});
const addresses = new AddressBookCard({ token });

byId('account-main').append(profile.element, creator.element, store.element);
byId('account-side').append(addresses.element);

/**
 * The export / delete panel joins the page when `./my-data-panel.ts` exists, exporting
 * `mountMyDataPanel(slot, {token, onSignedOut})` (called once the page knows who is signed in).
 */
type MyDataModule = { mountMyDataPanel?: (slot: HTMLElement, deps: { token: () => string; onSignedOut: () => void }) => void };
const myDataModules = import.meta.glob<MyDataModule>('./my-data-panel.ts');

function rendered(account: AccountView): void {
  const session = loadSession();
  // The server's roles are the truth: an admin may have approved the store since this token was made.
  if (session && session.user.roles.join() !== account.user.roles.join()) {
    void refreshToken(session.token).then(adoptToken, () => undefined);
  }
  profile.render(account);
  creator.render(account);
  store.render(account);
}

function sessionChanged(): void {
  menu.render();
  notifications.renderSession();
  socket.disconnect().connect();
  void load();
}

async function load(): Promise<void> {
  const session = loadSession();
  show(signedOut, !session);
  show(grid, Boolean(session));
  show(errorBox, false);
  if (!session) {
    mountLoginForm(byId('sign-in-slot'), {
      title: 'Sign in to your account',
      hint: 'Or create one: watching needs no account, shopping and selling do.',
      onSignedIn: () => sessionChanged(),
    });
    return;
  }
  try {
    const account = await getAccount(session.token);
    rendered(account);
    void addresses.load();
    if (location.hash === '#store') store.element.scrollIntoView();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signOut();
      sessionChanged();
      return;
    }
    errorBox.textContent = error instanceof ApiError ? error.message : 'Could not load your account; reload the page to try again.';
    show(errorBox, true);
  }
}

// A store approved or declined by an admin shows here at once.
socket.on('notification:new', (notice) => {
  if (notice.kind === 'store_approved' || notice.kind === 'store_declined') void load();
});

for (const load of Object.values(myDataModules)) {
  void load().then((module) =>
    module.mountMyDataPanel?.(byId('account-side'), {
      token,
      onSignedOut: () => {
        signOut();
        sessionChanged();
      },
    }),
  );
}

void load();
