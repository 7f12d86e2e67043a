/**
 * A sliding-window limit per key, in process memory: the local stand-in for API Gateway's throttling, and on AWS a
 * second, per-person line behind it (per container). Old entries are dropped as the window moves.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Count one attempt for `key` at `now`; refused (with seconds until one is free) once the window is full. */
  take(key: string, now: Date): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const t = now.getTime();
    const recent = (this.hits.get(key) ?? []).filter((h) => h > t - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + this.windowMs - t) / 1000)),
      };
    }
    recent.push(t);
    this.hits.set(key, recent);
    if (this.hits.size > 50_000) this.prune(t);
    return { ok: true };
  }

  /** Forget every attempt (tests that exercise something else than the limit). */
  reset(): void {
    this.hits.clear();
  }

  private prune(t: number): void {
    for (const [key, list] of this.hits) if (!list.some((h) => h > t - this.windowMs)) this.hits.delete(key);
  }
}

/** The limits: sign-in links per address and per client, needs per enterprise and per client. */
export const LIMITS = {
  signInPerEmail: new RateLimiter(5, 15 * 60_000),
  signInPerClient: new RateLimiter(30, 15 * 60_000),
  needsPerEnterprise: new RateLimiter(10, 60 * 60_000),
  needsPerClient: new RateLimiter(30, 60 * 60_000),
};
