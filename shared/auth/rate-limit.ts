import type { Db } from '../store/db.ts';
import { takeWindowCount } from '../store/rate-limits.ts';
import { digest } from './secrets.ts';

/**
 * Rate limits kept in the table (`shared/store/rate-limits.ts`), so every Lambda container and the local server
 * count against the same counters: a fixed window per limited key, taken with one conditional write. The key is
 * stored only as a digest (no address or IP in the table). API Gateway's throttling stands in front of this on AWS.
 */
export type Refusal = { ok: false; retryAfterSeconds: number };

/** Changes every counter's bucket when tests ask to forget the attempts made so far (`reset`). */
let generation = 0;

export class RateLimit {
  constructor(
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** The counter's bucket for `key`: a digest of the limit's name and the key. */
  bucket(key: string): string {
    return digest(`${this.name}\u0000${generation}\u0000${key}`);
  }

  /** Count one attempt for `key` at `now`; refused (with seconds until one is free) once the window is full. */
  async take(db: Db, key: string, now: Date): Promise<{ ok: true } | Refusal> {
    const taken = await takeWindowCount(db, {
      bucket: this.bucket(key),
      limit: this.limit,
      windowSeconds: Math.round(this.windowMs / 1000),
      now,
    });
    return taken.ok ? { ok: true } : taken;
  }

  /**
   * Tests only: forget the attempts of every limit made so far by this process (the counters stay in the table, under
   * buckets no later attempt uses). A fresh table, as each test file has, starts with none.
   */
  reset(): void {
    generation++;
  }
}

export interface LimitCheck {
  limit: RateLimit;
  key: string;
}

/**
 * Count an attempt against each limit in order; the first full one refuses it, and the later ones are then not
 * counted (so a refused attempt never uses up another key's allowance).
 */
export async function takeAll(db: Db, checks: LimitCheck[], now: Date): Promise<{ ok: true } | Refusal> {
  for (const { limit, key } of checks) {
    const taken = await limit.take(db, key, now);
    if (!taken.ok) return taken;
  }
  return { ok: true };
}

/** The limits: sign-in links per address and client together and per client, needs per enterprise and per client. */
export const LIMITS = {
  signInPerAddressAndClient: new RateLimit('signin-address-client', 5, 15 * 60_000),
  signInPerClient: new RateLimit('signin-client', 30, 15 * 60_000),
  needsPerEnterprise: new RateLimit('needs-enterprise', 10, 60 * 60_000),
  needsPerClient: new RateLimit('needs-client', 30, 60 * 60_000),
};

/** How a sign-in address is compared: as typed, without surrounding spaces and case. */
export const signInAddressKey = (email: string) => email.trim().toLowerCase();

/**
 * The limits a sign-in request counts against. Per address *and* client: a stranger asking for my address uses up
 * only their own allowance for it, never mine (so they cannot lock me out). Per client: one client cannot walk
 * through many addresses. No limit per address alone: whoever reached it could lock its owner out from many clients.
 */
export function signInChecks(email: string, client: string): LimitCheck[] {
  return [
    { limit: LIMITS.signInPerClient, key: client },
    { limit: LIMITS.signInPerAddressAndClient, key: `${client}\u0000${signInAddressKey(email)}` },
  ];
}

/** The limits a new need counts against, whichever path creates it: per client and per enterprise. */
export function needChecks(enterpriseId: string, client: string): LimitCheck[] {
  return [
    { limit: LIMITS.needsPerClient, key: client },
    { limit: LIMITS.needsPerEnterprise, key: enterpriseId },
  ];
}
