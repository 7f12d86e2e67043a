import type { Method } from '@middy/http-router';
import { csrfBinding, csrfValid } from '#shared/auth/csrf.ts';
import { type Action, can } from '#shared/auth/permissions.ts';
import { HttpError } from './errors.ts';
import { isMultipart, multipartBody } from './multipart.ts';
import { redirect } from './respond.ts';
import type { AppContext, HttpEvent, HttpResult, RouteHandler, StaffContext } from './types.ts';

interface RouteBase {
  method: Method;
  path: string;
  /**
   * 'json-only' for JSON endpoints that browsers cannot reach cross-site: the request must be
   * `application/json`, which a cross-site form cannot send and which needs a CORS preflight we never grant.
   */
  csrf?: 'token' | 'json-only';
}

/** A route anyone may call (signed links, sign-in, the home page): its handler sees `principal` if there is one. */
export interface PublicRouteSpec extends RouteBase {
  access: 'public';
  handler: RouteHandler;
}

/**
 * A route for signed-in staff: `access` names the action it takes (`shared/auth/permissions.ts`), whose roles
 * are checked before the handler runs; the handler gets the principal.
 */
export interface StaffRouteSpec extends RouteBase {
  access: Action;
  handler: RouteHandler<StaffContext>;
}

export type RouteSpec = PublicRouteSpec | StaffRouteSpec;

const isApi = (event: HttpEvent) => event.rawPath.startsWith('/api/');
const signedIn = (context: AppContext): context is StaffContext => !!context.principal;

/**
 * Wrap a handler with the checks every route gets: the action's roles (a page sends the signed-out to the sign-in
 * page; the API answers 401/403), and CSRF on every state-changing request made with a session cookie — a token
 * bound to that session, or for the signed-out to their CSRF cookie (API-token calls carry no ambient credentials,
 * so they need none).
 */
export function route(spec: RouteSpec) {
  const handler = async (event: HttpEvent, context: AppContext): Promise<HttpResult> => {
    if (spec.access === 'public') {
      await checkCsrf(spec, event, context);
      return spec.handler(event, context);
    }
    if (!signedIn(context)) {
      if (isApi(event)) throw new HttpError(401, 'error.unauthorized');
      // A page asked for comes back after signing in; a form posted once the session ended cannot be (its path
      // answers only POST), so the console's home does.
      if (event.requestContext.http.method !== 'GET') return redirect('/signin');
      const here = event.rawQueryString ? `${event.rawPath}?${event.rawQueryString}` : event.rawPath;
      return redirect(`/signin?next=${encodeURIComponent(here)}`);
    }
    if (!can(context.principal.staff, spec.access)) throw new HttpError(403, 'error.forbidden');
    await checkCsrf(spec, event, context);
    return spec.handler(event, context);
  };
  return { method: spec.method, path: spec.path, handler: handler as never };
}

async function checkCsrf(spec: RouteSpec, event: HttpEvent, context: AppContext): Promise<void> {
  if (spec.method === 'GET') return;
  if (spec.csrf === 'json-only') {
    if (!(event.headers?.['content-type'] ?? '').startsWith('application/json'))
      throw new HttpError(415, 'field.invalid');
  } else if (context.principal?.via !== 'token') {
    const given = isApi(event)
      ? event.headers?.['x-csrf-token']
      : isMultipart(event)
        ? (await multipartBody(event)).fields._csrf
        : formCsrf(event);
    const binding = csrfBinding(context.principal, context.csrfCookie);
    if (!csrfValid(context.deps.links, binding, given)) throw new HttpError(403, 'error.csrf');
  }
}

/** Read `_csrf` from a urlencoded body without consuming it (the handler parses the body itself). */
function formCsrf(event: HttpEvent): string | undefined {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return new URLSearchParams(text.slice(0, 256 * 1024)).get('_csrf') ?? undefined;
}
