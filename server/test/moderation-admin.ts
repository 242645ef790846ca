import { randomBytes } from 'node:crypto';
import type { TestEngine } from './harness.ts';

/**
 * An admin for the moderation tests: registered like anyone (register never grants admin), given
 * the role the way `npm run admin:grant` does, then signed in again for a token that carries it.
 */
export async function makeAdmin(engine: TestEngine, displayName = 'Ada Admin'): Promise<{ token: string; user: { id: string } }> {
  const email = `admin-${randomBytes(4).toString('hex')}@example.test`;
  const password = 'correct horse battery';
  const registered = await engine.http('POST', '/api/auth/register', { body: { email, password, displayName } });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  await engine.services.auth.grantRole(email, 'admin');
  const login = await engine.http('POST', '/api/auth/login', { body: { email, password } });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  return login.body as { token: string; user: { id: string } };
}
