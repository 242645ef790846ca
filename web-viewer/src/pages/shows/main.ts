import '../../styles/base.css';
import '../../styles/social.css';
import '../../styles/dialog.css';
import '../account/account.css';
import './shows.css';
import { AccountMenu } from '../../lib/account-menu.ts';
import { becomeCreator, cancelShow, listMyShows, type ShowView } from '../../lib/accounts-api.ts';
import { ApiError } from '../../lib/api.ts';
import { byId, h, show } from '../../lib/dom.ts';
import { mountLoginForm } from '../../lib/login-form.ts';
import { NotificationsMenu } from '../../lib/notifications-menu.ts';
import { loadSession, saveSession, signOut } from '../../lib/session.ts';
import { connectLive } from '../../lib/socket.ts';
import { showCard } from './show-card.ts';
import { ShowForm } from './show-form.ts';

const signedOut = byId('signed-out');
const notCreator = byId('not-creator');
const showsSection = byId('shows');
const list = byId('show-list', HTMLUListElement);
const state = byId('shows-state');
const planButton = byId('plan-show', HTMLButtonElement);
const token = () => loadSession()?.token ?? '';

const socket = connectLive(() => loadSession()?.token);
const header = byId('header-actions');
const notifications = new NotificationsMenu({ slot: header, socket, session: loadSession });
const menu = new AccountMenu({ slot: header, onChange: () => sessionChanged() });
const form = new ShowForm({ token, onSaved: () => void loadShows() });
byId('show-form-slot').append(form.element);

planButton.addEventListener('click', () => form.open());

const becomeButton = byId('become-creator', HTMLButtonElement);
becomeButton.addEventListener('click', () => {
  becomeButton.disabled = true;
  becomeCreator(token(), '').then(
    (change) => {
      saveSession({ token: change.token, user: change.user });
      sessionChanged();
    },
    (error: unknown) => {
      becomeButton.disabled = false;
      const box = byId('become-creator-error');
      box.textContent = error instanceof ApiError ? error.message : 'Could not reach the server; try again.';
      box.hidden = false;
    },
  );
});

async function cancel(target: ShowView): Promise<void> {
  try {
    await cancelShow(token(), target.id);
  } catch (error) {
    state.textContent = error instanceof ApiError ? error.message : 'Could not cancel; try again.';
    show(state, true);
  }
  await loadShows();
}

async function loadShows(): Promise<void> {
  list.setAttribute('aria-busy', 'true');
  try {
    const shows = await listMyShows(token());
    list.replaceChildren(...shows.map((s) => showCard(s, { edit: (target) => form.open(target), cancel })));
    state.replaceChildren(
      ...(shows.length === 0
        ? [
            h('p', { className: 'panel-state-title' }, 'No shows yet'),
            h('p', { className: 'muted small' }, 'Plan your first show: pick a time and the products you will sell.'),
          ]
        : []),
    );
    show(state, shows.length === 0);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signOut();
      sessionChanged();
      return;
    }
    state.textContent = error instanceof ApiError ? error.message : 'Could not load your shows; reload to try again.';
    show(state, true);
  }
  list.setAttribute('aria-busy', 'false');
}

function sessionChanged(): void {
  menu.render();
  notifications.renderSession();
  socket.disconnect().connect();
  render();
}

function render(): void {
  const session = loadSession();
  const isCreator = Boolean(session?.user.roles.includes('kol'));
  show(signedOut, !session);
  show(notCreator, Boolean(session) && !isCreator);
  show(showsSection, isCreator);
  show(planButton, isCreator);
  if (!isCreator) form.close();
  if (!session) {
    mountLoginForm(byId('sign-in-slot'), {
      title: 'Sign in to plan your shows',
      hint: 'New here? Create an account and pick “Sell as a creator”.',
      onSignedIn: () => sessionChanged(),
    });
    return;
  }
  if (isCreator) {
    void loadShows().then(() => {
      if (location.hash === '#new') form.open();
    });
  }
}

render();
