import { request as httpRequest } from 'node:http';

export interface Probe {
  method: string;
  /** Raw path with query, sent as is (no normalisation, so bad percent-encodings reach the server). */
  path: string;
  token?: string | undefined;
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
  label: string;
}

export interface Finding {
  label: string;
  status: number;
  body: string;
}

/** Answers by status class (2xx, 4xx…), to show the probes reach the handlers and not only validation. */
export type StatusCounts = Record<string, number>;

/** Sends one request and returns a finding when the answer breaks the rules: a 5xx, or a 4xx outside the error shape. */
export function send(baseUrl: string, probe: Probe, counts: StatusCounts = {}): Promise<Finding | undefined> {
  const url = new URL(baseUrl);
  const payload = probe.body === undefined ? undefined : typeof probe.body === 'string' ? probe.body : JSON.stringify(probe.body);
  return new Promise((resolve) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: probe.method,
        path: probe.path,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...(probe.token ? { authorization: `Bearer ${probe.token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const statusClass = `${Math.floor(status / 100)}xx`;
          counts[statusClass] = (counts[statusClass] ?? 0) + 1;
          const text = Buffer.concat(chunks).toString('utf8');
          resolve(breaksRules(status, text) ? { label: probe.label, status, body: text.slice(0, 300) } : undefined);
        });
      },
    );
    // A reset before any answer (the server dropped the connection) is a finding, not a crash of the test.
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', (error) => resolve({ label: probe.label, status: 0, body: String(error) }));
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

function breaksRules(status: number, text: string): boolean {
  if (status >= 500 || status === 0) return true;
  if (status < 400) return false;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    return typeof body.error?.code !== 'string' || typeof body.error.message !== 'string';
  } catch {
    return true;
  }
}

/** Runs `probes` a few at a time; returns every finding. */
export async function sendAll(baseUrl: string, probes: readonly Probe[], counts: StatusCounts = {}, concurrency = 6): Promise<Finding[]> {
  const findings: Finding[] = [];
  let next = 0;
  const worker = async () => {
    while (next < probes.length) {
      const probe = probes[next++] as Probe;
      const finding = await send(baseUrl, probe, counts);
      if (finding) findings.push(finding);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return findings;
}
