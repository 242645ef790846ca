import { ApiError } from '../../lib/api.ts';
import { byId, show } from '../../lib/dom.ts';
import { mountLoginForm } from '../../lib/login-form.ts';
import { loadSession, type Session, signOut } from '../../lib/session.ts';
import { AdminActions } from './admin-actions.ts';
import { ChatBansPanel } from './chat-bans-panel.ts';
import { LogPanel } from './log-panel.ts';
import { MerchantsPanel } from './merchants-panel.ts';
import { ReasonDialog } from './reason-dialog.ts';
import { ReportsPanel } from './reports-panel.ts';
import { StoreRequestsPanel } from './store-requests-panel.ts';

type Tab = 'reports' | 'merchants' | 'stores' | 'chat-bans' | 'log';
const TABS: readonly Tab[] = ['reports', 'merchants', 'stores', 'chat-bans', 'log'];
const isTab = (value: string | undefined): value is Tab => TABS.includes(value as Tab);

const loginSlot = byId('login-slot');
const notAdmin = byId('not-admin');
const consoleSection = byId('console');
const who = byId('admin-who');
const signOutButton = byId('sign-out', HTMLButtonElement);

const isAdmin = (session: Session | undefined) => Boolean(session?.user.roles.includes('admin'));
const token = () => loadSession()?.token ?? '';

/**
 * An answer that says the session is gone (401) or is not an admin's (403, e.g. a token signed
 * before the role was granted) takes the page back to its sign-in, with the reason.
 */
function handlesError(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 401) {
    signOut();
    render({ hint: 'Your session ended; sign in again.' });
    return true;
  }
  if (error.status === 403) {
    render({ isForbidden: true });
    return true;
  }
  return false;
}

const reasonDialog = new ReasonDialog();
const actions = new AdminActions({ dialog: reasonDialog, token });
const panels = {
  reports: new ReportsPanel({ token, actions, handlesError }),
  merchants: new MerchantsPanel({ token, actions, handlesError }),
  stores: new StoreRequestsPanel({ token, dialog: reasonDialog, handlesError }),
  'chat-bans': new ChatBansPanel({ token, actions, handlesError }),
  log: new LogPanel({ token, handlesError }),
};
let tab: Tab = isTab(location.hash.slice(1)) ? (location.hash.slice(1) as Tab) : 'reports';

function tabButton(name: Tab): HTMLButtonElement {
  return byId(`tab-${name}`, HTMLButtonElement);
}

/** Shows a tab and reads its list again: actions in one tab change what the others show. */
function showTab(next: Tab, options: { focus?: boolean } = {}): void {
  tab = next;
  for (const name of TABS) {
    const isShown = name === next;
    const button = tabButton(name);
    button.setAttribute('aria-selected', String(isShown));
    button.tabIndex = isShown ? 0 : -1;
    show(byId(`panel-${name}`), isShown);
  }
  if (options.focus) tabButton(next).focus();
  history.replaceState(null, '', `#${next}`);
  void panels[next].show();
}

for (const name of TABS) {
  const button = tabButton(name);
  button.addEventListener('click', () => showTab(name));
  // Arrow keys move between the tabs (the WAI-ARIA tabs pattern).
  button.addEventListener('keydown', (event) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = TABS[(TABS.indexOf(name) + step + TABS.length) % TABS.length];
    if (next) showTab(next, { focus: true });
  });
}

for (const button of [signOutButton, byId('switch-account', HTMLButtonElement)]) {
  button.addEventListener('click', () => {
    signOut();
    render();
  });
}

/**
 * One of three states: signed out (the sign-in form), signed in without the admin role (or the
 * server said so: `isForbidden`), or the console.
 */
function render(options: { hint?: string; isForbidden?: boolean } = {}): void {
  const session = loadSession();
  const isConsole = isAdmin(session) && !options.isForbidden;
  show(signOutButton, Boolean(session));
  who.textContent = session ? session.user.displayName : '';
  show(who, Boolean(session));
  show(notAdmin, Boolean(session) && !isConsole);
  show(consoleSection, isConsole);
  if (!isConsole) {
    for (const panel of Object.values(panels)) panel.clear();
  }
  if (!session) {
    mountLoginForm(loginSlot, {
      title: 'Admin sign-in',
      hint: options.hint ?? 'Sign in with a Streamcart admin account to review reports and moderate shops.',
      onSignedIn: () => render(),
    });
    loginSlot.querySelector('input')?.focus();
    return;
  }
  loginSlot.replaceChildren();
  if (!isConsole) {
    byId('not-admin-who').textContent = `${session.user.displayName} (${session.user.email})`;
    return;
  }
  showTab(tab);
}

render();
