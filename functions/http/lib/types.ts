import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { ViewContext } from '#functions/http/ui/context.ts';
import type { Principal } from '#shared/auth/principal.ts';
import type { Deps } from '#shared/deps.ts';
import type { Locale, Translate } from '#shared/i18n/i18n.ts';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** The Lambda context plus what the app middleware adds to every request. */
export interface AppContext extends Context {
  deps: Deps;
  principal?: Principal;
  locale: Locale;
  t: Translate;
  /** The browser's CSRF cookie (made for this response if it had none). */
  csrfCookie: string;
  view: ViewContext;
  correlationId: string;
}

/** The context of a route that only signed-in staff reach: `route()` has checked there is a principal. */
export interface StaffContext extends AppContext {
  principal: Principal;
}

export type RouteHandler<C extends AppContext = AppContext> = (
  event: HttpEvent,
  context: C,
) => Promise<HttpResult>;
