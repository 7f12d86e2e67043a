import type { Links } from '../links/signed-link.ts';
import type { Principal } from './principal.ts';
import { sameString } from './secrets.ts';

/**
 * CSRF protection for every form. For a signed-in person the token is a keyed MAC of their session (its digest):
 * a token from another session, or from before they signed in, is refused. For anonymous forms (sign-in, the
 * enterprise portal, task and need links) it is a MAC of a random `csrf` cookie (SameSite=Lax, HttpOnly), which
 * sign-in and sign-out replace. A cross-site page can neither read the cookie or session nor compute the MAC.
 */
export type CsrfBinding = { session: string } | { cookie: string };

/** What this request's tokens are bound to: the session if there is one, else the CSRF cookie. */
export function csrfBinding(principal: Principal | undefined, cookieValue: string): CsrfBinding {
  return principal?.via === 'session' && principal.sessionDigest
    ? { session: principal.sessionDigest }
    : { cookie: cookieValue };
}

export function csrfToken(links: Links, binding: CsrfBinding): string {
  return 'session' in binding
    ? links.mac(`csrf.session.${binding.session}`)
    : links.mac(`csrf.${binding.cookie}`);
}

export function csrfValid(links: Links, binding: CsrfBinding, formValue: unknown): boolean {
  if (typeof formValue !== 'string') return false;
  if ('cookie' in binding ? !binding.cookie : !binding.session) return false;
  return sameString(csrfToken(links, binding), formValue);
}
