import { h } from 'preact';
import { SignInConfirmPage, SignInPage } from '#functions/http/pages/signin.view.tsx';
import { LIMITS } from '#shared/auth/rate-limit.ts';
import { completeSignIn, requestSignIn, signOut } from '#shared/auth/signin.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { formBody } from '../lib/body.ts';
import { clientKey } from '../lib/client.ts';
import { SESSION_COOKIE, setCookie } from '../lib/cookies.ts';
import { limit } from '../lib/errors.ts';
import { refusedLink } from '../lib/refused.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';

export const signInForm = route({
  method: 'GET',
  path: '/signin',
  access: 'public',
  handler: async (_event, context) => html(h(SignInPage, { ctx: context.view })),
});

export const signInRequest = route({
  method: 'POST',
  path: '/signin',
  access: 'public',
  handler: async (event, context) => {
    const form = formBody(event);
    limit(
      [
        { limiter: LIMITS.signInPerClient, key: clientKey(event) },
        { limiter: LIMITS.signInPerEmail, key: (form.email ?? '').trim().toLowerCase() },
      ],
      context.deps.clock.now(),
    );
    try {
      await requestSignIn(context.deps, form, context.locale);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return html(h(SignInPage, { ctx: context.view, values: form, errors: error.fields }), 400);
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
    return html(h(SignInConfirmPage, { ctx: context.view, token: token as string }));
  },
});

export const signInComplete = route({
  method: 'POST',
  path: '/signin/verify',
  access: 'public',
  handler: async (event, context) => {
    const result = await completeSignIn(context.deps, formBody(event).t);
    if (!result.ok) return refusedLink(context, result.reason);
    const secure = context.deps.config.AFTERCARE_MODE === 'aws';
    return redirect('/console', [
      setCookie(SESSION_COOKIE, result.sessionId, { secure, maxAge: result.maxAgeSeconds }),
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
    return redirect('/', [setCookie(SESSION_COOKIE, '', { secure, maxAge: 0 })]);
  },
});
