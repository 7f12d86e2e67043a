import type { MiddlewareObj } from '@middy/core';
import { csrfBinding, csrfToken } from '#shared/auth/csrf.ts';
import { can } from '#shared/auth/permissions.ts';
import { resolvePrincipal } from '#shared/auth/resolve.ts';
import { randomSecret } from '#shared/auth/secrets.ts';
import type { Deps } from '#shared/deps.ts';
import { pickLocale, translator } from '#shared/i18n/i18n.ts';
import { CSRF_COOKIE, LANG_COOKIE, readCookies, SESSION_COOKIE, setCookie } from './cookies.ts';
import type { AppContext, HttpEvent, HttpResult } from './types.ts';

/**
 * Before every route (after `correlation()`): the adapters, who is asking, their language and CSRF cookie.
 * After: sets the cookies that were made for this response.
 */
export function appContext(
  getDeps: () => Promise<Deps>,
): MiddlewareObj<HttpEvent, HttpResult, Error, AppContext> {
  return {
    before: async (request) => {
      const { event, context } = request;
      // A GET form sends its empty fields as `name=`: to every route, an empty filter is no filter.
      if (event.queryStringParameters) {
        event.queryStringParameters = Object.fromEntries(
          Object.entries(event.queryStringParameters).filter(([, v]) => v !== undefined && v !== ''),
        );
      }
      const deps = await getDeps();
      const cookies = readCookies(event);
      const authorization = event.headers?.authorization ?? '';
      const bearer = /^Bearer (\S+)$/i.exec(authorization)?.[1];
      const queryLang = event.queryStringParameters?.lang;
      context.deps = deps;
      // API tokens are for the JSON API only: on a console page a bearer token is no credential (issue 14 item 5).
      context.principal = await resolvePrincipal(deps, {
        sessionId: cookies[SESSION_COOKIE],
        bearer: event.rawPath.startsWith('/api/') ? bearer : undefined,
      });
      context.locale = pickLocale(queryLang, cookies[LANG_COOKIE]);
      context.t = translator(context.locale);
      const newCookies: string[] = [];
      const secure = deps.config.AFTERCARE_MODE === 'aws';
      context.csrfCookie = cookies[CSRF_COOKIE] ?? '';
      if (!context.csrfCookie) {
        context.csrfCookie = randomSecret(18);
        newCookies.push(setCookie(CSRF_COOKIE, context.csrfCookie, { secure }));
      }
      if (queryLang && queryLang !== cookies[LANG_COOKIE]) {
        newCookies.push(setCookie(LANG_COOKIE, context.locale, { secure, maxAge: 365 * 86400 }));
      }
      (request.internal as Record<string, unknown>).newCookies = newCookies;
      const principal = context.principal;
      const path = event.rawQueryString ? `${event.rawPath}?${event.rawQueryString}` : event.rawPath;
      context.view = {
        t: context.t,
        locale: context.locale,
        path,
        csrf: csrfToken(deps.links, csrfBinding(principal, context.csrfCookie)),
        local: deps.config.AFTERCARE_MODE === 'local',
        user: principal ? { name: principal.staff.name } : undefined,
        can: (action, subject) => can(principal?.staff, action, subject),
      };
    },
    after: (request) => {
      const newCookies = (request.internal as Record<string, unknown>).newCookies as string[] | undefined;
      // A response any cache may keep (`Cache-Control: public`, e.g. the calendar) carries no cookie: a shared cache
      // would hand one person's CSRF cookie to everyone after them.
      if (newCookies?.length && request.response && !isPublic(request.response.headers)) {
        request.response.cookies = [...(request.response.cookies ?? []), ...newCookies];
      }
    },
  };
}

const isPublic = (headers: Record<string, unknown> | undefined) =>
  Object.entries(headers ?? {}).some(
    ([name, value]) => name.toLowerCase() === 'cache-control' && /\bpublic\b/.test(String(value)),
  );
