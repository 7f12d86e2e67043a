import type { VNode } from 'preact';
import { renderPage } from '#functions/http/ui/layout.tsx';
import type { HttpResult } from './types.ts';

export function html<P>(node: VNode<P>, status = 200, cookies?: string[]): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: renderPage(node),
    ...(cookies?.length ? { cookies } : {}),
  };
}

export function json(value: unknown, status = 200): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(value),
  };
}

/** 303 See Other: the browser follows with a GET, so a reload never re-submits a form. */
export function redirect(location: string, cookies?: string[]): HttpResult {
  return { statusCode: 303, headers: { location }, body: '', ...(cookies?.length ? { cookies } : {}) };
}

/** A file to download (e.g. an .xlsx export): base64 through API Gateway, named for the browser. */
export function download(bytes: Buffer, filename: string, contentType: string): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
    body: bytes.toString('base64'),
    isBase64Encoded: true,
  };
}
