import type { MiddlewareObj } from '@middy/core';
import type { Method } from '@middy/http-router';
import { once } from '#shared/lazy.ts';
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

/**
 * A middleware whose code (and what it imports: the store, the translations, the pages' layout) loads with the first
 * request that reaches it, then serves every request after: each hook waits for it and calls its own.
 */
export function lazyMiddleware(load: () => Promise<Middleware>): Middleware {
  const real = once(load);
  return {
    before: async (request) => (await real()).before?.(request),
    after: async (request) => (await real()).after?.(request),
    onError: async (request) => (await real()).onError?.(request),
  };
}
