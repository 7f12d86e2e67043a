import type { MiddlewareObj } from '@middy/core';
import { h } from 'preact';
import { MessagePage } from '#functions/http/ui/message.tsx';
import { TokenRefusedError } from '#shared/auth/api-tokens.ts';
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { fieldMessage, translator } from '#shared/i18n/i18n.ts';
import { logger } from '#shared/log/logger.ts';
import { BadCursorError } from '#shared/store/pagination.ts';
import { HttpError, isUnavailable, TooManyRequests } from './errors.ts';
import { html, json } from './respond.ts';
import type { AppContext, HttpEvent, HttpResult } from './types.ts';

/**
 * DynamoDB's refusal of a cursor that decodes to a well-formed key the query cannot start from (another index's
 * key, another partition, outside the key condition): the client's cursor is wrong, not the server.
 */
function isRefusedStartKey(error: Error): boolean {
  return error.name === 'ValidationException' && /starting key|exclusive ?start ?key/i.test(error.message);
}

/** Map every failure to a clear answer: JSON under /api, a page elsewhere. Unexpected errors are logged. */
export function errorPage(): MiddlewareObj<HttpEvent, HttpResult, Error, AppContext> {
  return {
    onError: (request) => {
      const error = request.error as Error & { statusCode?: number };
      let status = 500;
      let key: HttpError['key'] = 'error.server';
      let fields: { path: string; message: string }[] | undefined;
      if (error instanceof HttpError) ({ status, key } = error);
      else if (error instanceof TokenRefusedError) [status, key] = [403, 'error.forbidden'];
      else if (error instanceof InputError) {
        status = 400;
        key = 'field.invalid';
        fields = error.fields;
      } else if (error instanceof ConflictError) [status, key] = [409, 'error.conflict'];
      else if (error instanceof NotFoundError) [status, key] = [404, 'error.notFound'];
      else if (error instanceof BadCursorError || isRefusedStartKey(error)) {
        // Name the input, so an API client knows it is the paging cursor it sent (start again without it).
        [status, key] = [400, 'field.invalid'];
        fields = [{ path: 'cursor', message: 'cursor.invalid' }];
      } else if (error.statusCode === 404) [status, key] = [404, 'error.notFound'];
      else if (error.statusCode && error.statusCode < 500)
        [status, key] = [error.statusCode, 'field.invalid'];
      else if (isUnavailable(error)) {
        // Nothing was stored half-way (every change is one conditional transaction): the person can just retry.
        [status, key] = [503, 'error.unavailable'];
        logger.error('backing service unavailable', { error: error.name, path: request.event.rawPath });
      } else logger.error('request failed', { error, path: request.event.rawPath });

      const context = request.context;
      const t = context.t ?? translator('zh-CN');
      if (request.event.rawPath?.startsWith('/api/') || !context.view) {
        request.response = json(
          {
            error: key,
            message: t(key),
            ...(fields ? { fields: fields.map((f) => ({ ...f, text: fieldMessage(t, f.message) })) } : {}),
          },
          status,
        );
      } else {
        request.response = html(
          h(MessagePage, { ctx: context.view, title: t('error.title'), message: t(key), error: true }),
          status,
        );
      }
      if (request.response && (error instanceof TooManyRequests || status === 503)) {
        const seconds = error instanceof TooManyRequests ? error.retryAfterSeconds : 5;
        request.response.headers = { ...request.response.headers, 'retry-after': String(seconds) };
      }
    },
  };
}
