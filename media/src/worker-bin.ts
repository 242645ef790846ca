import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { workerBin as packagedWorkerBin } from 'mediasoup';

const SCRIPT = fileURLToPath(new URL('../../scripts/lib/mediasoup-worker.sh', import.meta.url));

/**
 * The worker binary to start: the configured one, mediasoup's own when it exists, else what
 * scripts/lib/mediasoup-worker.sh provides (the prebuilt cache at once, or a one-time build).
 */
export function resolveWorkerBin(configured: string | undefined): string {
  if (configured) return configured;
  if (existsSync(packagedWorkerBin)) return packagedWorkerBin;
  return execFileSync('bash', [SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] })
    .toString()
    .trim()
    .split('\n')
    .at(-1) as string;
}
