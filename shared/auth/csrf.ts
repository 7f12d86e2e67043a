import type { Links } from '../links/signed-link.ts';
import { sameString } from './secrets.ts';

/**
 * CSRF protection for every form: the browser holds a random `csrf` cookie (SameSite=Lax, HttpOnly) and each
 * form carries a keyed MAC of it. A cross-site page can neither read the cookie nor compute the MAC.
 */
export function csrfToken(links: Links, cookieValue: string): string {
  return links.mac(`csrf.${cookieValue}`);
}

export function csrfValid(links: Links, cookieValue: string | undefined, formValue: unknown): boolean {
  if (!cookieValue || typeof formValue !== 'string') return false;
  return sameString(csrfToken(links, cookieValue), formValue);
}
