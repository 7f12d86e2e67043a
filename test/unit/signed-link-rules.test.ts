import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLinks, PURPOSES } from '#shared/links/signed-link.ts';

const key = randomBytes(32).toString('base64');
const links = createLinks(key, 'https://aftercare.zone.example.cn');
const now = new Date('2026-11-27T02:00:00.000Z');
const inAnHour = new Date(now.getTime() + 3_600_000);

/** A token signed with the links' own key over any body: what only the server could make. */
const signedBody = (payload: unknown) => {
  const body = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)).toString(
    'base64url',
  );
  const mac = createHmac('sha256', Buffer.from(key, 'base64')).update(`v1.${body}`).digest('base64url');
  return `${body}.${mac}`;
};

/** The same string with the character at `i` replaced by another base64url character. */
const changeAt = (s: string, i: number) => `${s.slice(0, i)}${s[i] === 'A' ? 'Q' : 'A'}${s.slice(i + 1)}`;

describe('signed links: purpose', () => {
  it('verifies a token only for the purpose it was signed for, for every pair of purposes', () => {
    for (const signedFor of PURPOSES) {
      const token = links.sign(signedFor, 'ENT/ITEM', inAnHour);
      for (const usedFor of PURPOSES) {
        const result = links.verify(token, usedFor, now);
        if (usedFor === signedFor) expect(result.ok, `${signedFor} as ${usedFor}`).toBe(true);
        else expect(result, `${signedFor} as ${usedFor}`).toEqual({ ok: false, reason: 'purpose' });
      }
    }
  });
});

describe('signed links: expiry', () => {
  it('is valid up to the last millisecond before expiry and expired at it', () => {
    const expiresAt = new Date('2026-11-27T03:00:00.000Z');
    const token = links.sign('task', 'X', expiresAt);
    expect(links.verify(token, 'task', new Date(expiresAt.getTime() - 1)).ok).toBe(true);
    expect(links.verify(token, 'task', expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('keeps whole seconds: an expiry with milliseconds ends at the start of its second', () => {
    const token = links.sign('task', 'X', new Date('2026-11-27T03:00:00.999Z'));
    const verified = links.verify(token, 'task', now);
    expect(verified).toMatchObject({ ok: true, expiresAt: new Date('2026-11-27T03:00:00.000Z') });
    expect(links.verify(token, 'task', new Date('2026-11-27T03:00:00.500Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a link that expired before it was made, and checks the purpose before the expiry', () => {
    const past = links.sign('portal', 'ENT', new Date(now.getTime() - 1000));
    expect(links.verify(past, 'portal', now)).toEqual({ ok: false, reason: 'expired' });
    expect(links.verify(past, 'task', now)).toEqual({ ok: false, reason: 'purpose' });
  });
});

describe('signed links: subject and nonce', () => {
  it('carries any subject up to 200 characters, Chinese included, and the nonce, unchanged', () => {
    for (const subject of ['ENT/TASK', '示例科技/需求-1', 's'.repeat(200), 'a.b.c/=?&']) {
      const verified = links.verify(links.sign('need-rate', subject, inAnHour, 'n-1'), 'need-rate', now);
      expect(verified, subject).toEqual({ ok: true, subject, nonce: 'n-1', expiresAt: inAnHour });
    }
  });

  it('has no nonce when none was given', () => {
    const verified = links.verify(links.sign('task', 'X', inAnHour), 'task', now);
    expect(verified).toEqual({ ok: true, subject: 'X', nonce: undefined, expiresAt: inAnHour });
  });

  it('treats a subject longer than 200 characters or empty as malformed, though signed', () => {
    expect(links.verify(links.sign('task', 's'.repeat(201), inAnHour), 'task', now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(links.verify(links.sign('task', '', inAnHour), 'task', now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});

describe('signed links: tampering', () => {
  const token = links.sign('need-handle', 'ENT/NEED/STAFF', inAnHour, 'nonce');
  const [body, signature] = token.split('.') as [string, string];

  it('refuses any change to the payload', () => {
    for (let i = 0; i < body.length; i++) {
      expect(links.verify(`${changeAt(body, i)}.${signature}`, 'need-handle', now), `at ${i}`).toEqual({
        ok: false,
        reason: 'signature',
      });
    }
  });

  it('refuses any change to the signature that changes its bytes, and a shortened or lengthened one', () => {
    // The last of 43 characters carries two padding bits; every other character is all signature.
    for (let i = 0; i < signature.length - 1; i++) {
      expect(links.verify(`${body}.${changeAt(signature, i)}`, 'need-handle', now).ok, `at ${i}`).toBe(false);
    }
    expect(links.verify(`${body}.${signature.slice(0, -2)}`, 'need-handle', now).ok).toBe(false);
    expect(links.verify(`${body}.${signature}AAAA`, 'need-handle', now).ok).toBe(false);
  });

  it('refuses one link’s signature on another link’s payload', () => {
    const [otherBody] = links.sign('need-handle', 'ENT/NEED/OTHER', inAnHour, 'nonce').split('.');
    expect(links.verify(`${otherBody}.${signature}`, 'need-handle', now)).toEqual({
      ok: false,
      reason: 'signature',
    });
  });

  it('refuses a keyed hash (a CSRF token) passed off as a link signature', () => {
    expect(links.verify(`${body}.${links.mac(body)}`, 'need-handle', now).ok).toBe(false);
    expect(links.verify(`${body}.${links.mac(`v1.${body}`)}`, 'need-handle', now).ok).toBe(false);
  });

  it('calls a correctly signed payload that is not a link payload malformed', () => {
    const x = Math.floor(inAnHour.getTime() / 1000);
    for (const payload of [
      'not json',
      { p: 'admin', s: 'X', x },
      { p: 'task', s: 'X', x: x + 0.5 },
      { p: 'task', s: 'X', x: String(x) },
      { p: 'task', x },
      { p: 'task', s: 'X', x, n: 'n'.repeat(65) },
    ]) {
      expect(links.verify(signedBody(payload), 'task', now), JSON.stringify(payload)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
    // The same way of signing, with a good payload, does verify: the refusals above are about the payload.
    expect(links.verify(signedBody({ p: 'task', s: 'X', x }), 'task', now).ok).toBe(true);
  });
});

describe('keyed hashes and link URLs', () => {
  it('hashes the same value the same way under one key, and differently per value and per key', () => {
    const other = createLinks(randomBytes(32).toString('base64'), 'https://aftercare.zone.example.cn');
    expect(links.mac('session-1')).toBe(links.mac('session-1'));
    expect(links.mac('session-1')).not.toBe(links.mac('session-2'));
    expect(other.mac('session-1')).not.toBe(links.mac('session-1'));
    expect(links.mac('session-1')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('puts the token in the t parameter of an absolute URL, keeping or replacing the query', () => {
    const base = createLinks(key, 'https://aftercare.zone.example.cn/app/');
    expect(base.url('/portal', 'a.b')).toBe('https://aftercare.zone.example.cn/portal?t=a.b');
    expect(base.url('portal', 'a.b')).toBe('https://aftercare.zone.example.cn/app/portal?t=a.b');
    expect(base.url('/portal?lang=en', 'a.b')).toBe('https://aftercare.zone.example.cn/portal?lang=en&t=a.b');
    expect(base.url('/portal?t=old', 'new')).toBe('https://aftercare.zone.example.cn/portal?t=new');
    const token = links.sign('portal', 'ENT', inAnHour, 'key');
    const url = new URL(links.url('/portal', token));
    expect(links.verify(url.searchParams.get('t') ?? undefined, 'portal', now).ok).toBe(true);
  });
});

describe('signed links: one spelling, a real key', () => {
  it('refuses a signature spelled otherwise than the server wrote it (characters the decoder would skip)', () => {
    const token = links.sign('task', 'ENT/ITEM', inAnHour);
    expect(links.verify(token, 'task', now).ok).toBe(true);
    for (const extra of ['!', '=', '==', '.', ' ']) {
      expect(links.verify(`${token}${extra}`, 'task', now).ok, JSON.stringify(extra)).toBe(false);
    }
  });

  it('refuses a signing key shorter than 32 bytes once decoded', () => {
    expect(() => createLinks(randomBytes(16).toString('base64'), 'https://x.cn')).toThrow(/32 bytes/);
    expect(() => createLinks('a'.repeat(40), 'https://x.cn')).toThrow(/32 bytes/);
    expect(() => createLinks(randomBytes(32).toString('base64'), 'https://x.cn')).not.toThrow();
  });
});
