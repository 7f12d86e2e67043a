export function readCookies(event: { cookies?: string[]; headers?: Record<string, string | undefined> }) {
  const pairs = event.cookies ?? (event.headers?.cookie ? event.headers.cookie.split(';') : []);
  const jar: Record<string, string> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i < 0) continue;
    const name = pair.slice(0, i).trim();
    if (name && !(name in jar)) jar[name] = decodeURIComponent(pair.slice(i + 1).trim());
  }
  return jar;
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
