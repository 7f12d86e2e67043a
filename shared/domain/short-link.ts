import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * Short links (`<origin>/s/<code>`) for channels that cannot carry a signed link: Alibaba Cloud SMS limits each
 * template variable to 35 characters, and carriers take a link only as a template's fixed text (the code is the
 * variable). A code stands for one same-origin path+query and lives as long as the link
 * it stands for; it is unguessable (crypto random), because following it opens whatever the signed link opens.
 */

/** Alibaba Cloud SMS: the most characters one template variable may hold (isv.PARAM_LENGTH_LIMIT beyond). */
export const SMS_VARIABLE_CHARS = 35;
export const SHORT_LINK_PATH = '/s/';
/** Fewer than 8 characters would be guessable by someone following codes at the rate limit; 12 is plenty. */
export const SHORT_CODE_MIN = 8;
export const SHORT_CODE_MAX = 12;
/** Letters and digits without those read alike on a phone (0 O o, 1 l I): 56 symbols, ~5.8 bits each. */
export const SHORT_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz';

export const ShortCode = z
  .string()
  .min(SHORT_CODE_MIN)
  .max(SHORT_CODE_MAX)
  .regex(new RegExp(`^[${SHORT_CODE_ALPHABET}]+$`));

export class ShortLinkConfigError extends Error {
  override readonly name = 'ShortLinkConfigError';
}

/** `<origin>/s/`: what every short link of this deployment begins with. */
export const shortLinkPrefix = (baseUrl: string) => `${new URL(baseUrl).origin}${SHORT_LINK_PATH}`;

/**
 * How long a code is: 12 characters (56^12, about 70 bits). The template variable holds only the code (the origin
 * and `/s/` are the approved template's fixed text), so any deployment address leaves it room.
 */
export const SHORT_CODE_LENGTH = SHORT_CODE_MAX;

/** A fresh code: uniform over the alphabet (bytes past the last whole multiple of 56 are drawn again). */
export function newShortCode(length: number, random: (n: number) => Uint8Array = randomBytes): string {
  const n = SHORT_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let code = '';
  while (code.length < length) {
    for (const b of random(length * 2)) {
      if (b >= limit) continue;
      code += SHORT_CODE_ALPHABET[b % n];
      if (code.length === length) break;
    }
  }
  return code;
}

/**
 * The target a short link may stand for: a path on this deployment's own origin, kept as path, query and fragment
 * (never a host), so a short link can never redirect anywhere else. Anything else is refused.
 */
export function sameOriginTarget(url: string, baseUrl: string): string {
  const parsed = new URL(url, baseUrl);
  if (parsed.origin !== new URL(baseUrl).origin)
    throw new ShortLinkConfigError('a short link stands only for a link to this deployment');
  const target = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  if (!isRelativeTarget(target)) throw new ShortLinkConfigError('not a path on this deployment');
  return target;
}

/**
 * A stored target is redirected to only if it is a same-origin path: one leading `/` not followed by `/` or `\`
 * (which browsers read as another host), and no control characters or spaces.
 */
export const isRelativeTarget = (target: string) =>
  target.length <= 2048 && /^\/(?![/\\])[^\s\p{Cc}]*$/u.test(target);

/** Links without their own expiry (console pages) keep a short link this long; signed links at most MAX. */
export const SHORT_LINK_DEFAULT_DAYS = 90;
export const SHORT_LINK_MAX_DAYS = 800;
const DAY_MS = 86_400_000;

/** When a short link stops working: the link's own expiry (if it has one), bounded by SHORT_LINK_MAX_DAYS. */
export function shortLinkExpiry(now: Date, linkExpiresAt?: Date): Date {
  const max = now.getTime() + SHORT_LINK_MAX_DAYS * DAY_MS;
  if (!linkExpiresAt || Number.isNaN(linkExpiresAt.getTime()))
    return new Date(now.getTime() + SHORT_LINK_DEFAULT_DAYS * DAY_MS);
  return new Date(Math.min(linkExpiresAt.getTime(), max));
}
