/**
 * Backoff for retrying contended writes: "full jitter" (a random wait up to base × 2^attempt, capped), so requests
 * that collided once spread out instead of colliding again.
 */
export const RETRY = { baseMs: 20, capMs: 1000, attempts: 8 } as const;

export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return random() * Math.min(RETRY.capMs, RETRY.baseMs * 2 ** attempt);
}

/** Run `attempt` until it succeeds or fails with an error that is not `retryable`; the last error is thrown. */
export async function withBackoff<T>(
  attempt: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  attempts: number = RETRY.attempts,
): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i + 1 >= attempts || !retryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(i)));
    }
  }
}
