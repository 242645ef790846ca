import { api, type User } from './api.ts';

export interface Session {
  token: string;
  user: User;
}

const KEY = 'streamcart.session';

/** The signed-in user kept in localStorage, shared by every page of this origin. */
export function loadSession(): Session | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Partial<Session>;
    return typeof session.token === 'string' && session.user ? (session as Session) : undefined;
  } catch {
    return undefined;
  }
}

/** Signs in and stores the session. Throws ApiError (INVALID_CREDENTIALS, VALIDATION_FAILED). */
export async function signIn(email: string, password: string): Promise<Session> {
  const session = await api<Session>('POST', '/api/auth/login', { body: { email, password } });
  localStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

/** Keeps a session the server answered (a sign-up, or a role change that came with a fresh token). */
export function saveSession(session: Session): void {
  localStorage.setItem(KEY, JSON.stringify(session));
}

export function signOut(): void {
  localStorage.removeItem(KEY);
}
