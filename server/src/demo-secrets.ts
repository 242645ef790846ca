import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Secrets of a development or demo instance, made at random on its first run and kept in
 * `<DATA_DIR>/secrets.json` (mode 0600), so tokens survive restarts and nothing in the source
 * can forge them. Production never uses these: it takes JWT_SECRET and WEBHOOK_SECRET from the env.
 */
export interface DemoSecrets {
  jwtSecret: string;
  webhookSecret: string;
  /** The demo admin's password, printed once in the `npm start` banner. */
  adminPassword: string;
}

const DemoSecretsSchema = z.object({
  jwtSecret: z.string().min(32),
  webhookSecret: z.string().min(32),
  adminPassword: z.string().min(12),
});

export const DEMO_SECRETS_FILE = 'secrets.json';

/** Reads `<dataDir>/secrets.json`, creating it first if absent (safe when two processes race). */
export function demoSecrets(dataDir: string): DemoSecrets {
  const file = path.join(dataDir, DEMO_SECRETS_FILE);
  const existing = readSecrets(file);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const fresh: DemoSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    webhookSecret: randomBytes(48).toString('base64url'),
    adminPassword: randomBytes(12).toString('base64url'),
  };
  // Written aside and linked into place: link() fails if another process got there first,
  // so every process ends up with the same secrets and nobody reads a half-written file.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  const kept = readSecrets(file);
  if (!kept) throw new Error(`${file} is not valid: delete it and start again`);
  return kept;
}

function readSecrets(file: string): DemoSecrets | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = DemoSecretsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not valid: delete it and start again`);
  return parsed.data;
}
