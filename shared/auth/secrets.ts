import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random secret (sessions, nonces, API tokens), URL-safe. */
export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Secrets are stored by digest only. */
export const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
