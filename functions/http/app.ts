import middy from '@middy/core';
import httpContentEncoding from '@middy/http-content-encoding';
import httpContentNegotiation from '@middy/http-content-negotiation';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpRouterHandler from '@middy/http-router';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { Deps } from '#shared/deps.ts';
import { correlation } from './lib/correlation.ts';
import { HttpError } from './lib/errors.ts';
import { lazyMiddleware, type Route } from './lib/lazy.ts';
import type { AppContext, HttpEvent, HttpResult } from './lib/types.ts';
import { routes } from './routes.ts';

type Middleware = middy.MiddlewareObj<HttpEvent, HttpResult, Error, AppContext>;

/** Security headers on every response: CSP (no inline script or style), no framing, nosniff, no referrer leak. */
const securityHeaders = httpSecurityHeaders({
  contentSecurityPolicy: {
    'default-src': "'self'",
    'img-src': "'self' data:",
    'form-action': "'self'",
    'frame-ancestors': "'none'",
    'base-uri': "'none'",
    'object-src': "'none'",
    sandbox: false as unknown as string,
    'report-to': false as unknown as string,
    'upgrade-insecure-requests': false as unknown as string,
  },
  referrerPolicy: { policy: 'same-origin' },
  // The library's own list names features browsers do not know (Chromium logs each as unrecognised): ours names the
  // powerful ones these pages never use, which no page (nor anything framed in one) may ask for.
  permissionsPolicy: false as unknown as Record<string, string>,
});

export const PERMISSIONS_POLICY = [
  'camera',
  'microphone',
  'geolocation',
  'payment',
  'usb',
  'serial',
  'hid',
  'display-capture',
  'screen-wake-lock',
  'publickey-credentials-get',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

const withPermissionsPolicy: NonNullable<Middleware['after']> = (request) => {
  if (request.response)
    request.response.headers = { ...request.response.headers, 'Permissions-Policy': PERMISSIONS_POLICY };
};
const permissionsPolicy: Middleware = { after: withPermissionsPolicy, onError: withPermissionsPolicy };

/**
 * Pages and JSON gzipped for browsers that accept it (nearly all): a console page of 4–23 KB goes out as 2–5 KB,
 * and data out of AWS is billed by the byte. Only the encoding is negotiated; files already compressed (xlsx, images)
 * are sent as they are, since the middleware leaves base64 bodies alone.
 */
const negotiateEncoding = httpContentNegotiation({
  parseCharsets: false,
  parseLanguages: false,
  parseMediaTypes: false,
  availableEncodings: ['gzip'],
  failOnMismatch: false,
}) as unknown as Middleware;
const compress = httpContentEncoding({ gzip: {} }) as unknown as Middleware;

/** The HTTP Lambda: a router of thin route handlers behind the middleware every request needs. */
export function createHttpHandler(getDeps: () => Promise<Deps>, extraRoutes: Route[] = []) {
  const router = httpRouterHandler<HttpEvent, HttpResult>({
    routes: [...extraRoutes, ...routes],
    notFoundResponse: () => {
      throw new HttpError(404, 'error.notFound');
    },
  });
  return (
    middy<HttpEvent, HttpResult, Error, AppContext>()
      // First, so that its `after` runs last: it compresses the response the others have finished.
      .use(compress)
      .use(securityHeaders as Middleware)
      .use(permissionsPolicy)
      .use(httpHeaderNormalizer() as Middleware)
      .use(negotiateEncoding)
      .use(correlation())
      // Who is asking and the error pages load with the first request: the store, the translations, the layout.
      .use(
        lazyMiddleware(
          async () => (await import('./lib/app-context.ts')).appContext(getDeps),
          ['before', 'after'],
        ),
      )
      .use(lazyMiddleware(async () => (await import('./lib/error-page.ts')).errorPage(), ['onError']))
      .handler(router as never)
  );
}
