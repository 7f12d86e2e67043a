/** A cookie longer than this is not one we set (ours are at most a few dozen characters): it is ignored. */
const MAX_COOKIE_VALUE = 1024;

/**
 * The request's cookies. One that cannot be decoded (bad percent-encoding, too long) is treated as absent, as if
 * the browser had not sent it: a garbage session cookie is no session, a garbage CSRF cookie is replaced.
 */
export function readCookies(event: { cookies?: string[]; headers?: Record<string, string | undefined> }) {
  const pairs = event.cookies ?? (event.headers?.cookie ? event.headers.cookie.split(';') : []);
  const jar: Record<string, string> = Object.create(null);
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i < 0) continue;
    const name = pair.slice(0, i).trim();
    if (!name || name in jar) continue;
    const value = decodeCookieValue(pair.slice(i + 1).trim());
    if (value !== undefined) jar[name] = value;
  }
  return jar;
}

function decodeCookieValue(raw: string): string | undefined {
  if (raw.length > MAX_COOKIE_VALUE) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

export function setCookie(
  name: string,
  value: string,
  options: { maxAge?: number; secure: boolean; httpOnly?: boolean },
): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Lax'];
  if (options.httpOnly !== false) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  return parts.join('; ');
}

export const SESSION_COOKIE = 'aftercare_session';
export const CSRF_COOKIE = 'aftercare_csrf';
export const LANG_COOKIE = 'aftercare_lang';
