/** The cookie that `GET /s/:code` sets, so an order placed later on still credits the sharer. */
export const REFERRAL_COOKIE = 'sc_ref';

// Share-link codes are base64url (see service.ts); anything else in the cookie is ignored.
const REFERRAL_CODE = /^[A-Za-z0-9_-]{1,64}$/;

/** The `sc_ref` cookie's share-link code, or undefined when absent or not a plausible code. */
export function referralCodeFromCookie(header: string | undefined): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== REFERRAL_COOKIE) continue;
    try {
      const code = decodeURIComponent(pair.slice(separator + 1).trim());
      return REFERRAL_CODE.test(code) ? code : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The referral code an order carries: one in the request body wins, so an API client stays in
 * control; otherwise the share-link cookie of a visitor who arrived through a link.
 */
export function referralCodeOf(bodyCode: string | undefined, cookieHeader: string | undefined): string | undefined {
  return bodyCode ?? referralCodeFromCookie(cookieHeader);
}
