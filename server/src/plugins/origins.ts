/**
 * Whether a browser request from `origin` may use the API with credentials or open a socket.
 * No Origin header: not a cross-site browser call (curl, a server, socket.io-client in Node), so
 * the bearer token alone decides. Allowed: PUBLIC_URL's origin, ALLOWED_ORIGINS, and the host the
 * request was sent to (a page served by this very server under another name, e.g. localhost).
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
