/**
 * A provider's access token (WeCom and DingTalk `gettoken`), fetched on first use, kept until shortly before it
 * expires, and fetched again when the provider says it expired or is invalid. Concurrent callers share one fetch.
 */
export interface AccessTokens {
  get(): Promise<string>;
  /** The provider refused `token` (expired, invalid): the next `get` fetches a new one. */
  invalidate(token: string): void;
}

/** Refresh this long before the provider's expiry, so a token never expires in flight. */
const MARGIN_MS = 5 * 60_000;

export function accessTokens(
  fetchToken: () => Promise<{ token: string; expiresInSeconds: number }>,
  now: () => number = Date.now,
): AccessTokens {
  let cached: { token: string; until: number } | undefined;
  let pending: Promise<string> | undefined;
  return {
    async get() {
      if (cached && now() < cached.until) return cached.token;
      pending ??= fetchToken()
        .then(({ token, expiresInSeconds }) => {
          cached = { token, until: now() + Math.max(0, expiresInSeconds * 1000 - MARGIN_MS) };
          return token;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

/** A provider answered with an error: its code and message (never a credential). */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly provider: string,
    readonly code: string,
    message: string,
  ) {
    super(`${provider}: ${code} ${message}`.slice(0, 300));
  }
}

/** Fetch JSON from a provider; a non-2xx status or a body that is not JSON is a ProviderError. */
export async function providerJson(
  provider: string,
  fetcher: typeof fetch,
  url: string,
  init?: RequestInit,
): Promise<Record<string, unknown>> {
  const response = await fetcher(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ProviderError(provider, `http ${response.status}`, 'not JSON');
  }
  if (!response.ok) {
    const b = body as Record<string, unknown>;
    throw new ProviderError(provider, `http ${response.status}`, String(b.Code ?? b.errcode ?? b.code ?? ''));
  }
  if (!body || typeof body !== 'object') throw new ProviderError(provider, 'body', 'not an object');
  return body as Record<string, unknown>;
}
