import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  isRelativeTarget,
  newShortCode,
  SHORT_CODE_ALPHABET,
  SHORT_CODE_LENGTH,
  SHORT_LINK_DEFAULT_DAYS,
  SHORT_LINK_MAX_DAYS,
  ShortCode,
  ShortLinkConfigError,
  sameOriginTarget,
  shortLinkExpiry,
  shortLinkPrefix,
} from '#shared/domain/short-link.ts';
import { createLinks } from '#shared/links/signed-link.ts';
import { signedLinkExpiry } from '#shared/notify/short-links.ts';

const DAY = 86_400_000;

describe('short link codes', () => {
  it('are 12 characters whatever the deployment address: only the code is a template variable (35 at most)', () => {
    expect(SHORT_CODE_LENGTH).toBe(12);
    expect(SHORT_CODE_LENGTH).toBeLessThanOrEqual(35);
    // An address far longer than a variable could hold still makes short links (its origin is the template's text).
    const long = 'https://aftercare.hitech-zone.example.cn';
    expect(shortLinkPrefix(`${long}/prod?x=1`)).toBe(`${long}/s/`);
    expect(ShortCode.safeParse(newShortCode(SHORT_CODE_LENGTH)).success).toBe(true);
  });

  it('are drawn from letters and digits without look-alikes, uniformly', () => {
    expect(SHORT_CODE_ALPHABET).toHaveLength(56);
    expect(SHORT_CODE_ALPHABET).not.toMatch(/[0O1lIo]/);
    const codes = Array.from({ length: 2000 }, () => newShortCode(10));
    for (const c of codes.slice(0, 50)) expect(ShortCode.safeParse(c).success).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    const counts = new Map<string, number>();
    for (const ch of codes.join('')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    // 20 000 characters over 56 symbols: about 357 each; every symbol is used, none twice as often as expected.
    expect(counts.size).toBe(56);
    for (const n of counts.values()) expect(n).toBeLessThan(2 * (20_000 / 56));
  });

  it('never map a byte past the last whole multiple of 56 (no bias): such bytes are drawn again', () => {
    let call = 0;
    // 224 = 4 × 56 and above are dropped; 0 → "2", 57 → "3".
    const random = (n: number) => {
      call++;
      return Uint8Array.from({ length: n }, (_, i) => (call === 1 ? 250 : i % 2 ? 57 : 0));
    };
    expect(newShortCode(4, random)).toBe('2323');
    expect(call).toBe(2);
  });

  it('are refused as route input unless of the alphabet and length', () => {
    for (const bad of ['short', 'a'.repeat(13), 'abcdefg0', 'abc/defgh', '../../x1', 'abcdefgh\n'])
      expect(ShortCode.safeParse(bad).success).toBe(false);
  });
});

describe('short link targets', () => {
  const base = 'http://localhost:3000';

  it('keep only the path, query and fragment of a link to this deployment', () => {
    expect(sameOriginTarget('http://localhost:3000/need?t=abc.def#x', base)).toBe('/need?t=abc.def#x');
    expect(sameOriginTarget('/task?t=1', base)).toBe('/task?t=1');
  });

  it('refuse any other origin: a short link can never lead off the deployment', () => {
    for (const url of [
      'https://evil.example/need',
      'http://localhost:3001/need',
      'https://localhost:3000/need',
      '//evil.example/x',
      'javascript:alert(1)',
    ])
      expect(() => sameOriginTarget(url, base), url).toThrow(ShortLinkConfigError);
  });

  it('are redirected to only as same-origin paths', () => {
    expect(isRelativeTarget('/portal?t=a.b')).toBe(true);
    for (const t of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'evil',
      '/a b',
      '/a\r\nb',
      '',
    ])
      expect(isRelativeTarget(t), JSON.stringify(t)).toBe(false);
  });
});

describe('short link expiry', () => {
  const now = new Date('2026-12-01T02:00:00Z');

  it('is the signed link’s own expiry, bounded', () => {
    const inAWeek = new Date(now.getTime() + 7 * DAY);
    expect(shortLinkExpiry(now, inAWeek)).toEqual(inAWeek);
    expect(shortLinkExpiry(now, new Date(now.getTime() + 5000 * DAY)).getTime()).toBe(
      now.getTime() + SHORT_LINK_MAX_DAYS * DAY,
    );
    expect(shortLinkExpiry(now).getTime()).toBe(now.getTime() + SHORT_LINK_DEFAULT_DAYS * DAY);
  });

  it('is read from a signed link’s token, and absent for a link without one', () => {
    const links = createLinks(randomBytes(32).toString('base64'), 'http://localhost:3000');
    const expires = new Date('2026-12-08T02:00:00Z');
    const url = links.url('/need', links.sign('need-handle', 'E1/N1', expires));
    expect(signedLinkExpiry(url)).toEqual(expires);
    expect(signedLinkExpiry('http://localhost:3000/console/enterprises/E1')).toBeUndefined();
    expect(signedLinkExpiry('http://localhost:3000/need?t=garbage')).toBeUndefined();
  });
});
