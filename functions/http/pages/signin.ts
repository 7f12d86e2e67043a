import { h } from 'preact';
import { SignInConfirmPage, SignInPage } from '#functions/http/pages/signin.view.tsx';
import { nextPath } from '#shared/auth/next-path.ts';
import { signInChecks } from '#shared/auth/rate-limit.ts';
import { randomSecret } from '#shared/auth/secrets.ts';
import { completeSignIn, requestSignIn, signOut } from '#shared/auth/signin.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { formBody } from '../lib/body.ts';
import { clientKey } from '../lib/client.ts';
import { CSRF_COOKIE, SESSION_COOKIE, setCookie } from '../lib/cookies.ts';
import { enforceLimits } from '../lib/need-limits.ts';
import { refusedLink } from '../lib/refused.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';

export const signInForm = route({
  method: 'GET',
  path: '/signin',
  access: 'public',
  handler: async (event, context) =>
    html(h(SignInPage, { ctx: context.view, next: nextPath(event.queryStringParameters?.next) })),
});

export const signInRequest = route({
  method: 'POST',
  path: '/signin',
  access: 'public',
  handler: async (event, context) => {
    const form = formBody(event);
    await enforceLimits(context, signInChecks(form.email ?? '', clientKey(event)));
    try {
      await requestSignIn(context.deps, form, context.locale, context.correlationId);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return html(
        h(SignInPage, { ctx: context.view, values: form, errors: error.fields, next: nextPath(form.next) }),
        400,
      );
    }
    return html(h(SignInPage, { ctx: context.view, sent: context.deps.config.SIGN_IN_LINK_MINUTES }));
  },
});

/** The emailed link opens a confirmation page; only its button uses the link, so mail scanners cannot. */
export const signInConfirm = route({
  method: 'GET',
  path: '/signin/verify',
  access: 'public',
  handler: async (event, context) => {
    const token = event.queryStringParameters?.t;
    const verified = context.deps.links.verify(token, 'signin', context.deps.clock.now());
    if (!verified.ok) return refusedLink(context, verified.reason);
    const next = nextPath(event.queryStringParameters?.next);
    return html(h(SignInConfirmPage, { ctx: context.view, token: token as string, next }));
  },
});

export const signInComplete = route({
  method: 'POST',
  path: '/signin/verify',
  access: 'public',
  handler: async (event, context) => {
    const form = formBody(event);
    const result = await completeSignIn(context.deps, form.t);
    if (!result.ok) return refusedLink(context, result.reason);
    const secure = context.deps.config.AFTERCARE_MODE === 'aws';
    // The CSRF cookie is replaced: tokens made before signing in (or planted) are no good afterwards.
    return redirect(nextPath(form.next) ?? '/console', [
      setCookie(SESSION_COOKIE, result.sessionId, { secure, maxAge: result.maxAgeSeconds }),
      setCookie(CSRF_COOKIE, randomSecret(18), { secure }),
    ]);
  },
});

export const signOutRoute = route({
  method: 'POST',
  path: '/signout',
  access: 'public',
  handler: async (_event, context) => {
    if (context.principal?.sessionDigest) await signOut(context.deps, context.principal.sessionDigest);
    const secure = context.deps.config.AFTERCARE_MODE === 'aws';
    return redirect('/', [
      setCookie(SESSION_COOKIE, '', { secure, maxAge: 0 }),
      setCookie(CSRF_COOKIE, randomSecret(18), { secure }),
    ]);
  },
});
