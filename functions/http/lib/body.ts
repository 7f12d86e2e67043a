import { HttpError } from './errors.ts';
import type { HttpEvent } from './types.ts';

export const MAX_BODY_BYTES = 256 * 1024;

function rawBody(event: HttpEvent): string {
  const body = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new HttpError(413, 'error.tooLarge');
  return text;
}

function contentType(event: HttpEvent): string {
  return (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** A urlencoded form as flat name → value (the last value wins for repeated names). */
export function formBody(event: HttpEvent): Record<string, string> {
  if (contentType(event) !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'field.invalid');
  return Object.fromEntries(new URLSearchParams(rawBody(event)));
}

export function jsonBody(event: HttpEvent): unknown {
  if (contentType(event) !== 'application/json') throw new HttpError(415, 'field.invalid');
  try {
    return JSON.parse(rawBody(event));
  } catch {
    throw new HttpError(400, 'field.invalid');
  }
}

/**
 * Turn flat form fields (`contacts.0.name`) into the nested object the domain schema expects. Blank fields
 * become absent; the named numeric fields become numbers when they are whole numbers (else stay text, so the
 * schema reports them).
 */
export function unflatten(
  form: Record<string, string>,
  numeric: readonly string[] = [],
): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(form)) {
    if (name === '_csrf' || name.length > 100) continue;
    const value = raw.trim();
    if (value === '') continue;
    const path = name.split('.');
    if (path.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) continue;
    let node: Record<string, unknown> | unknown[] = root;
    for (const [i, segment] of path.entries()) {
      const last = i === path.length - 1;
      const nextIsIndex = /^\d+$/.test(path[i + 1] ?? '');
      const container = node as Record<string, unknown>;
      if (last) {
        // A name that is also the parent of another (`a` and `a.b`): the first one wins, the other is dropped.
        if (typeof container[segment] !== 'object' || container[segment] === null)
          container[segment] = numeric.includes(name) && /^-?\d+$/.test(value) ? Number(value) : value;
        break;
      }
      container[segment] ??= nextIsIndex ? [] : {};
      if (typeof container[segment] !== 'object' || container[segment] === null) break;
      node = container[segment] as Record<string, unknown>;
    }
  }
  return root;
}
