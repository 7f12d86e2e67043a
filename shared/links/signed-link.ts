import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { decodeCanonicalBase64url } from '../domain/base64url.ts';

/**
 * Signed, expiring, purpose-bound links. The token is `base64url(payload).base64url(HMAC-SHA256)`; the
 * payload names the purpose (what the link may do), the subject (which item), and the expiry. A token
 * signed for one purpose is refused for any other. Single use, where needed, is enforced by the store.
 */
export const PURPOSES = [
  'signin',
  'task',
  'portal',
  'need-signfor',
  'need-rate',
  'need-handle',
  /** An approver's link to decide a task's due-date move (`<enterprise>/<task>/<request>/<approver>`). */
  'task-move',
] as const;
export type Purpose = (typeof PURPOSES)[number];

const Payload = z.object({
  p: z.enum(PURPOSES),
  /** The subject, e.g. `ENTID/TASKID`. */
  s: z.string().min(1).max(200),
  /** Expiry, epoch seconds. */
  x: z.number().int(),
  /** A nonce, for links that can be used once or revoked. */
  n: z.string().max(64).optional(),
});
export type LinkPayload = z.infer<typeof Payload>;

export type Verified =
  | { ok: true; subject: string; nonce?: string; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'purpose' };

export interface Links {
  sign(purpose: Purpose, subject: string, expiresAt: Date, nonce?: string): string;
  verify(token: string | undefined, purpose: Purpose, now: Date): Verified;
  /** An absolute URL to `path` carrying the token. */
  url(path: string, token: string): string;
  /** A keyed hash, for CSRF tokens and storing secrets by digest. */
  mac(value: string): string;
}

export function createLinks(signingKey: string, baseUrl: string): Links {
  const key = Buffer.from(signingKey, 'base64');
  // A short key would make every link guessable: at least 256 bits, counted after decoding.
  if (key.length < 32) throw new Error('the link-signing key must decode to at least 32 bytes');
  const hmac = (data: string) => createHmac('sha256', key).update(data).digest();

  return {
    sign(purpose, subject, expiresAt, nonce) {
      const payload: LinkPayload = {
        p: purpose,
        s: subject,
        x: Math.floor(expiresAt.getTime() / 1000),
        n: nonce,
      };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${body}.${hmac(`v1.${body}`).toString('base64url')}`;
    },
    verify(token, purpose, now) {
      if (!token || token.length > 1024) return { ok: false, reason: 'malformed' };
      const [body, signature, ...rest] = token.split('.');
      if (!body || !signature || rest.length) return { ok: false, reason: 'malformed' };
      const expected = hmac(`v1.${body}`);
      const given = decodeCanonicalBase64url(signature);
      if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, reason: 'signature' };
      }
      let payload: LinkPayload;
      try {
        payload = Payload.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      if (payload.p !== purpose) return { ok: false, reason: 'purpose' };
      if (payload.x * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, subject: payload.s, nonce: payload.n, expiresAt: new Date(payload.x * 1000) };
    },
    url(path, token) {
      const url = new URL(path, baseUrl);
      url.searchParams.set('t', token);
      return url.toString();
    },
    mac(value) {
      return hmac(`mac.${value}`).toString('base64url');
    },
  };
}
