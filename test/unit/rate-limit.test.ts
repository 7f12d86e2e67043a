import { describe, expect, it } from 'vitest';
import { clientKey } from '#functions/http/lib/client.ts';
import type { HttpEvent } from '#functions/http/lib/types.ts';
import { LIMITS, needChecks, RateLimit, signInChecks, takeAll } from '#shared/auth/rate-limit.ts';
import type { Db } from '#shared/store/db.ts';
import { fixedWindow } from '#shared/store/rate-limits.ts';

/** Issue 14 items 10 and 18: which limits a request counts against, and how they are taken. */
describe('sign-in limits', () => {
  const victim = 'chen.jing@zone.example.cn';

  it('counts per client, and per address and client together — never per address alone', () => {
    const checks = signInChecks(victim, '198.51.100.20');
    expect(checks.map((c) => c.limit)).toEqual([LIMITS.signInPerClient, LIMITS.signInPerAddressAndClient]);
    // A stranger's requests for my address count against keys of their own, none of them mine.
    const mine = signInChecks(victim, '198.51.100.20').map((c) => c.limit.bucket(c.key));
    const stranger = signInChecks(victim, '203.0.113.7').map((c) => c.limit.bucket(c.key));
    for (const bucket of stranger) expect(mine).not.toContain(bucket);
  });

  it('compares addresses as typed without case or surrounding spaces', () => {
    const bucket = (email: string) => signInChecks(email, '198.51.100.20').map((c) => c.limit.bucket(c.key));
    expect(bucket(`  ${victim.toUpperCase()} `)).toEqual(bucket(victim));
    expect(bucket('other@zone.example.cn')[1]).not.toEqual(bucket(victim)[1]);
  });

  it('stores no address or client address in a bucket name', () => {
    for (const { limit, key } of signInChecks(victim, '198.51.100.20')) {
      const bucket = limit.bucket(key);
      expect(bucket).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(bucket).not.toContain('zone');
    }
  });

  it('counts needs per client and per enterprise', () => {
    expect(needChecks('ent-1', '198.51.100.20').map((c) => [c.limit, c.key])).toEqual([
      [LIMITS.needsPerClient, '198.51.100.20'],
      [LIMITS.needsPerEnterprise, 'ent-1'],
    ]);
  });
});

describe('taking limits', () => {
  const db = {} as Db;
  class Fake extends RateLimit {
    taken: string[] = [];
    constructor(
      name: string,
      private readonly full: boolean,
    ) {
      super(name, 1, 60_000);
    }
    override async take(_db: Db, key: string) {
      this.taken.push(key);
      return this.full ? { ok: false as const, retryAfterSeconds: 42 } : { ok: true as const };
    }
  }

  it('stops at the first full limit, so a refused attempt uses up no later allowance', async () => {
    const first = new Fake('first', false);
    const full = new Fake('full', true);
    const later = new Fake('later', false);
    const result = await takeAll(
      db,
      [
        { limit: first, key: 'a' },
        { limit: full, key: 'b' },
        { limit: later, key: 'c' },
      ],
      new Date(),
    );
    expect(result).toEqual({ ok: false, retryAfterSeconds: 42 });
    expect([first.taken, full.taken, later.taken]).toEqual([['a'], ['b'], []]);
  });

  it('resets every limit for tests by moving them all to new buckets', () => {
    const before = [LIMITS.signInPerClient.bucket('x'), LIMITS.needsPerClient.bucket('x')];
    LIMITS.needsPerClient.reset();
    const after = [LIMITS.signInPerClient.bucket('x'), LIMITS.needsPerClient.bucket('x')];
    expect(after[0]).not.toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
  });
});

describe('fixed windows', () => {
  it('starts windows at multiples of their length and says when the current one ends', () => {
    const w = fixedWindow(new Date('2026-11-25T02:07:30Z'), 900);
    expect(new Date(w.windowStart * 1000).toISOString()).toBe('2026-11-25T02:00:00.000Z');
    expect(w.windowEnd - w.nowSeconds).toBe(450);
    const edge = fixedWindow(new Date('2026-11-25T02:15:00Z'), 900);
    expect(new Date(edge.windowStart * 1000).toISOString()).toBe('2026-11-25T02:15:00.000Z');
  });
});

describe('who counts as one client', () => {
  const event = (sourceIp: string) => ({ requestContext: { http: { sourceIp } } }) as unknown as HttpEvent;
  it('an IPv4 address as it is; an IPv6 one by its /64, however it is written', () => {
    expect(clientKey(event('203.0.113.7'))).toBe('203.0.113.7');
    expect(clientKey(event('::ffff:203.0.113.7'))).toBe('::ffff:203.0.113.7');
    expect(clientKey(event('2001:db8:1:2:3:4:5:6'))).toBe('2001:db8:1:2::/64');
    expect(clientKey(event('2001:db8:1:2:ffff::1'))).toBe('2001:db8:1:2::/64');
    expect(clientKey(event('2001:0db8:0001:0002::9'))).toBe('2001:db8:1:2::/64');
    expect(clientKey(event('2001:db8::1'))).toBe('2001:db8:0:0::/64');
  });
});
