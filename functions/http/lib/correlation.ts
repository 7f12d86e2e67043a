import { randomUUID } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import { enterOperation } from '#shared/log/logger.ts';
import type { AppContext, HttpEvent, HttpResult } from './types.ts';

/**
 * Before everything else and before any await, so that the rest of the request (route, middlewares, the work it
 * starts) is one operation: the request's correlation id, from `x-correlation-id`, API Gateway's request id or new.
 * Not loaded lazily with the rest of the request's context: an operation entered after an await would not reach the
 * middlewares that follow.
 */
export function correlation(): MiddlewareObj<HttpEvent, HttpResult, Error, AppContext> {
  return {
    before: ({ event, context }) => {
      context.correlationId =
        event.headers?.['x-correlation-id']?.slice(0, 64) || event.requestContext?.requestId || randomUUID();
      enterOperation(context.correlationId);
    },
  };
}
