import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type LazyRoute,
  lazyMiddleware,
  lazyRoute,
  type Route,
  UNAVAILABLE,
} from '#functions/http/lib/lazy.ts';
import type { AppContext, HttpEvent, HttpResult } from '#functions/http/lib/types.ts';
import { routes } from '#functions/http/routes.ts';

const HTTP = join(import.meta.dirname, '..', '..', 'functions', 'http');
const isRoute = (x: unknown): x is Route =>
  typeof x === 'object' &&
  x !== null &&
  'method' in x &&
  'path' in x &&
  typeof (x as Route).handler === 'function';

describe('the route table (functions/http/routes.ts)', () => {
  it('names, for each route, the method and path its module defines', async () => {
    for (const entry of routes as LazyRoute[]) {
      const real = (await entry.load())[entry.name];
      expect(isRoute(real), `${entry.name} is a route`).toBe(true);
      expect({ method: (real as Route).method, path: (real as Route).path }, entry.name).toEqual({
        method: entry.method,
        path: entry.path,
      });
    }
  });

  it('lists every route that a module of pages/ or api/ exports, once', async () => {
    const listed = new Map<unknown, number>();
    for (const entry of routes as LazyRoute[]) {
      const real = (await entry.load())[entry.name];
      listed.set(real, (listed.get(real) ?? 0) + 1);
    }
    let exported = 0;
    for (const dir of ['pages', 'api']) {
      for (const file of readdirSync(join(HTTP, dir)).filter((f) => /^[a-z-]+\.ts$/.test(f))) {
        const module = (await import(/* @vite-ignore */ `#functions/http/${dir}/${file}`)) as Record<
          string,
          unknown
        >;
        for (const [name, value] of Object.entries(module)) {
          if (!isRoute(value)) continue;
          exported++;
          expect(listed.get(value), `${dir}/${file} ${name}`).toBe(1);
        }
      }
    }
    expect(exported).toBe(routes.length);
  }, 60_000);

  it('puts no route with parameters before one with the same method that it would take the requests of', () => {
    // The router tries exact paths first, then the others in this order: an earlier `/a/{id}/{action}` would
    // answer every request meant for a later `/a/{id}/profile`.
    const pattern = (path: string) =>
      new RegExp(`^${path.replace(/\{[^}]+\+\}/g, '.+').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const dynamic = routes.filter((r) => r.path.includes('{'));
    for (const [i, earlier] of dynamic.entries()) {
      for (const later of dynamic.slice(i + 1)) {
        if (later.method !== earlier.method) continue;
        const request = later.path.replace(/\{[^}]+\}/g, 'X1');
        expect(
          pattern(earlier.path).test(request),
          `${earlier.path} takes ${later.method} ${later.path}`,
        ).toBe(false);
      }
    }
    expect(dynamic.length).toBeGreaterThan(20);
  });
});

const event = { rawPath: '/x', headers: {} } as unknown as HttpEvent;
const context = {} as AppContext;

describe('a lazy route', () => {
  it('loads its module with its first request, once, and answers as the route it names', async () => {
    let loads = 0;
    const real: Route = {
      method: 'GET',
      path: '/x',
      handler: (async () => ({ statusCode: 200, body: 'real' })) as never,
    };
    const lazy = lazyRoute(
      'GET',
      '/x',
      async () => {
        loads++;
        return { page: real };
      },
      'page',
    );
    expect(loads).toBe(0);
    const call = lazy.handler as unknown as (e: HttpEvent, c: AppContext) => Promise<HttpResult>;
    expect(await call(event, context)).toEqual({ statusCode: 200, body: 'real' });
    await call(event, context);
    expect(loads).toBe(1);
  });

  it('tries the load again after one that failed', async () => {
    let loads = 0;
    const lazy = lazyRoute(
      'GET',
      '/x',
      async () => {
        loads++;
        if (loads === 1) throw new Error('chunk unreadable');
        return { page: { method: 'GET', path: '/x', handler: (async () => ({ statusCode: 204 })) as never } };
      },
      'page',
    );
    const call = lazy.handler as unknown as (e: HttpEvent, c: AppContext) => Promise<HttpResult>;
    await expect(call(event, context)).rejects.toThrow('chunk unreadable');
    expect(await call(event, context)).toEqual({ statusCode: 204 });
  });
});

describe('a lazy middleware', () => {
  it('runs each hook of the middleware it loads, loading it once, and passes on what a hook returns', async () => {
    let loads = 0;
    const seen: string[] = [];
    const lazy = lazyMiddleware(async () => {
      loads++;
      return {
        before: () => {
          seen.push('before');
          return { statusCode: 304 } as HttpResult;
        },
        onError: () => void seen.push('onError'),
      };
    }, ['before', 'after', 'onError']);
    expect(loads).toBe(0);
    const request = { event, context, response: undefined, error: undefined, internal: {} } as never;
    expect(await lazy.before?.(request)).toEqual({ statusCode: 304 });
    expect(await lazy.after?.(request)).toBeUndefined();
    await lazy.onError?.(request);
    expect(seen).toEqual(['before', 'onError']);
    expect(loads).toBe(1);
  });

  it('adds only the hooks it is given', () => {
    const lazy = lazyMiddleware(async () => ({ onError: () => undefined }), ['onError']);
    expect(Object.keys(lazy)).toEqual(['onError']);
  });

  it('answers a plain 500 when the error hook’s own code cannot load', async () => {
    const lazy = lazyMiddleware(async () => {
      throw new Error('chunk unreadable');
    }, ['onError']);
    const request = { event, context, response: undefined, error: new Error('boom'), internal: {} } as {
      response?: HttpResult;
    };
    await lazy.onError?.(request as never);
    expect(request.response).toEqual(UNAVAILABLE);
  });
});
