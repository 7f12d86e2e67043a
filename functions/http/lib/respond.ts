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

/**
 * An uploaded file given back (a need's attachment, a funds report's evidence): under the name and type we made for
 * it (`attachmentDownload`), never the uploader's; plain ASCII, so `filename*` for clients that prefer it and
 * `filename` for the rest; private, never cached.
 */
export function uploadedFile(bytes: Buffer, served: { fileName: string; contentType: string }): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': served.contentType,
      'content-disposition': `attachment; filename*=UTF-8''${served.fileName}; filename="${served.fileName}"`,
      'cache-control': 'private, no-store',
    },
    body: bytes.toString('base64'),
    isBase64Encoded: true,
  };
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
