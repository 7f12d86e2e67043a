import type { Clock } from '../clock/clock.ts';
import {
  newShortCode,
  SHORT_CODE_LENGTH,
  sameOriginTarget,
  shortLinkExpiry,
  shortLinkPrefix,
} from '../domain/short-link.ts';
import type { Db } from '../store/db.ts';
import { putShortLink } from '../store/short-links.ts';

/** Makes the short link (`<origin>/s/<code>`) that stands for a link to this deployment. */
export type ShortLinker = (url: string) => Promise<string>;

/** Draws before giving up: a collision among 56^8+ codes is already rare, three in a row means something is wrong. */
const ATTEMPTS = 3;

/**
 * The expiry a signed link carries (`t=<payload>.<mac>`, the payload's `x` in epoch seconds), read but not trusted:
 * the signed link is still verified when the short link is followed; this only says how long the short one lives.
 */
export function signedLinkExpiry(url: string): Date | undefined {
  const token = new URL(url).searchParams.get('t');
  const body = token?.split('.')[0];
  if (!body) return undefined;
  try {
    const x = (JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { x?: unknown }).x;
    return typeof x === 'number' && Number.isFinite(x) ? new Date(x * 1000) : undefined;
  } catch {
    return undefined;
  }
}

/** A short linker for this deployment: links to its own origin only (ShortLinkConfigError otherwise). */
export function shortLinker(parts: {
  db: Db;
  clock: Clock;
  baseUrl: string;
  /** Tests: the code drawn for each attempt. */
  newCode?: (length: number) => string;
}): ShortLinker {
  const draw = parts.newCode ?? newShortCode;
  const length = SHORT_CODE_LENGTH;
  const prefix = shortLinkPrefix(parts.baseUrl);
  return async (url) => {
    const target = sameOriginTarget(url, parts.baseUrl);
    const now = parts.clock.now();
    const expiresAt = shortLinkExpiry(now, signedLinkExpiry(new URL(url, parts.baseUrl).toString()));
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const code = draw(length);
      if (await putShortLink(parts.db, { code, target, expiresAt, createdAt: now.toISOString() }))
        return `${prefix}${code}`;
    }
    throw new Error(`no free short link code after ${ATTEMPTS} attempts`);
  };
}
