import type busboy from 'busboy';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, type Upload } from '#shared/needs/attachments.ts';
import { HttpError } from './errors.ts';
import type { HttpEvent } from './types.ts';

export const isMultipart = (event: HttpEvent) =>
  /^multipart\/form-data/i.test(event.headers?.['content-type'] ?? '');

type Multipart = { fields: Record<string, string>; files: Upload[] };

/** One parse per request: the route's CSRF check and the handler read the same body. */
const parsed = new WeakMap<HttpEvent, Promise<Multipart>>();

/**
 * A multipart form's fields and files (API Gateway delivers the body base64-encoded), parsed once per request. A file
 * over the size limit (2 MB, an attachment's and a ledger's alike) is kept one byte over it, so the domain check
 * reports it as too large rather than silently cutting it; what follows is read past, never kept.
 */
export function multipartBody(event: HttpEvent): Promise<Multipart> {
  let body = parsed.get(event);
  if (!body) {
    body = parse(event);
    parsed.set(event, body);
  }
  return body;
}

async function parse(event: HttpEvent): Promise<Multipart> {
  // busboy loads with the first upload, not with the function.
  const { default: parserOf } = await import('busboy');
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    const files: Upload[] = [];
    let parser: busboy.Busboy;
    try {
      parser = parserOf({
        headers: { 'content-type': event.headers?.['content-type'] ?? '' },
        limits: {
          fileSize: MAX_ATTACHMENT_BYTES + 1,
          files: MAX_ATTACHMENTS + 1,
          fields: 50,
          fieldSize: 64 * 1024,
        },
        defParamCharset: 'utf8',
      });
    } catch {
      reject(new HttpError(400, 'field.invalid'));
      return;
    }
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => files.push({ name: info.filename ?? 'file', bytes: Buffer.concat(chunks) }));
    });
    parser.on('error', () => reject(new HttpError(400, 'field.invalid')));
    parser.on('close', () => resolve({ fields, files }));
    parser.end(Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8'));
  });
}
