import type { MiddlewareObj } from '@middy/core';
import type { Method } from '@middy/http-router';
import { once } from '#shared/lazy.ts';
import { logger } from '#shared/log/logger.ts';
import type { route } from './route.ts';
import type { AppContext, HttpEvent, HttpResult } from './types.ts';

/** A route as the router takes it: what `route()` makes. */
export type Route = ReturnType<typeof route>;

/** A route whose code loads when it is first asked for: its module and the export there that defines it. */
export interface LazyRoute extends Route {
  load: () => Promise<Record<string, unknown>>;
  name: string;
}

/**
 * The route `name` of the module `load` imports, at `method` and `path`, its module loaded with its first request
 * (once per container; a failed load is tried again by the next request).
 */
export function lazyRoute<K extends string, M extends Record<K, Route>>(
  method: Method,
  path: string,
  load: () => Promise<M>,
  name: K,
): LazyRoute {
  const real = once(
    async () => (await load())[name].handler as (e: HttpEvent, c: AppContext) => Promise<HttpResult>,
  );
  const handler = async (event: HttpEvent, context: AppContext) => (await real())(event, context);
  return { method, path, handler: handler as never, load, name };
}

type Middleware = MiddlewareObj<HttpEvent, HttpResult, Error, AppContext>;

type Hook = 'before' | 'after' | 'onError';

/**
 * What an error hook answers when its own code cannot load: a plain 500 with nothing of the code that failed (no page
 * layout, no translations), rather than no answer at all.
 */
export const UNAVAILABLE: HttpResult = {
  statusCode: 500,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: '{"error":"error.server"}',
};

/**
 * A middleware whose code (and what it imports: the store, the translations, the pages' layout) loads with the first
 * request that reaches it, then serves every request after. It has the `hooks` the real one has (so a middleware
 * without an error hook adds none, which would try the load again while another answers the error), each waiting for
 * the code and calling its own. An error hook whose code cannot load logs that and answers `UNAVAILABLE`.
 */
export function lazyMiddleware(load: () => Promise<Middleware>, hooks: Hook[]): Middleware {
  const real = once(load);
  const middleware: Middleware = {};
  for (const hook of hooks) {
    middleware[hook] = async (request) => {
      if (hook !== 'onError') return (await real())[hook]?.(request);
      const loaded = await real().catch((error: unknown) => {
        logger.error('error hook unavailable', { error, cause: request.error });
        return undefined;
      });
      if (!loaded) {
        request.response = { ...UNAVAILABLE, headers: { ...UNAVAILABLE.headers } };
        return;
      }
      return loaded.onError?.(request);
    };
  }
  return middleware;
}
