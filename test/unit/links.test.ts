import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLinks } from '#shared/links/signed-link.ts';

const key = randomBytes(32).toString('base64');
const links = createLinks(key, 'http://localhost:3000');
const now = new Date('2026-11-27T02:00:00Z');
const later = new Date(now.getTime() + 3600_000);

describe('signed links', () => {
  it('verifies a link for its purpose and subject before it expires', () => {
    const token = links.sign('task', 'ENT/TASK', later, 'n1');
    expect(links.verify(token, 'task', now)).toEqual({
      ok: true,
      subject: 'ENT/TASK',
      nonce: 'n1',
      expiresAt: later,
    });
  });

  it('refuses a link used for another purpose', () => {
    const token = links.sign('portal', 'ENT', later);
    expect(links.verify(token, 'task', now)).toEqual({ ok: false, reason: 'purpose' });
  });

  it('refuses an expired link', () => {
    const token = links.sign('task', 'X', later);
    expect(links.verify(token, 'task', new Date(later.getTime() + 1))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a link whose payload was changed', () => {
    const token = links.sign('task', 'ENT-A/TASK', later);
    const [, signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ p: 'task', s: 'ENT-B/TASK', x: later.getTime() / 1000 }),
    ).toString('base64url');
    expect(links.verify(`${forged}.${signature}`, 'task', now)).toEqual({ ok: false, reason: 'signature' });
  });

  it('refuses a link signed with another key', () => {
    const other = createLinks(randomBytes(32).toString('base64'), 'http://localhost:3000');
    expect(links.verify(other.sign('task', 'X', later), 'task', now)).toEqual({
      ok: false,
      reason: 'signature',
    });
  });

  it('refuses garbage', () => {
    for (const token of [undefined, '', 'abc', 'a.b.c', '..', 'x'.repeat(5000)]) {
      expect(links.verify(token, 'task', now).ok).toBe(false);
    }
  });

  it('builds an absolute URL carrying the token', () => {
    expect(links.url('/tasks/open', 'T.S')).toBe('http://localhost:3000/tasks/open?t=T.S');
  });
});
