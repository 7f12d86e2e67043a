import type { Method } from '@middy/http-router';
import { csrfValid } from '#shared/auth/csrf.ts';
import { hasRole } from '#shared/auth/principal.ts';
import type { Role } from '#shared/domain/organisation.ts';
import { HttpError } from './errors.ts';
import { isMultipart, multipartBody } from './multipart.ts';
import { redirect } from './respond.ts';
import type { AppContext, HttpEvent, HttpResult, RouteHandler } from './types.ts';

export interface RouteSpec {
  method: Method;
  path: string;
  /** Who may call it: 'public', or the staff roles allowed. Checked before the handler runs. */
  access: 'public' | readonly Role[];
  handler: RouteHandler;
  /**
   * 'json-only' for JSON endpoints that browsers cannot reach cross-site: the request must be
   * `application/json`, which a cross-site form cannot send and which needs a CORS preflight we never grant.
   */
  csrf?: 'token' | 'json-only';
}

const isApi = (event: HttpEvent) => event.rawPath.startsWith('/api/');

/**
 * Wrap a handler with the checks every route gets: the role check (a page sends the signed-out to the sign-in
 * page; the API answers 401/403), and CSRF on every state-changing request made with a session cookie
 * (API-token calls carry no ambient credentials, so they need none).
 */
export function route(spec: RouteSpec) {
  const handler = async (event: HttpEvent, context: AppContext): Promise<HttpResult> => {
    if (spec.access !== 'public') {
      if (!context.principal) {
        if (isApi(event)) throw new HttpError(401, 'error.unauthorized');
        return redirect(`/signin?next=${encodeURIComponent(event.rawPath)}`);
      }
      if (!hasRole(context.principal, spec.access)) throw new HttpError(403, 'error.forbidden');
    }
    if (spec.method !== 'GET' && spec.csrf === 'json-only') {
      if (!(event.headers?.['content-type'] ?? '').startsWith('application/json'))
        throw new HttpError(415, 'field.invalid');
    } else if (spec.method !== 'GET' && context.principal?.via !== 'token') {
      const given = isApi(event)
        ? event.headers?.['x-csrf-token']
        : isMultipart(event)
          ? (await multipartBody(event)).fields._csrf
          : formCsrf(event);
      if (!csrfValid(context.deps.links, context.csrfCookie, given)) throw new HttpError(403, 'error.csrf');
    }
    return spec.handler(event, context);
  };
  return { method: spec.method, path: spec.path, handler: handler as never };
}

/** Read `_csrf` from a urlencoded body without consuming it (the handler parses the body itself). */
function formCsrf(event: HttpEvent): string | undefined {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return new URLSearchParams(text.slice(0, 256 * 1024)).get('_csrf') ?? undefined;
}
