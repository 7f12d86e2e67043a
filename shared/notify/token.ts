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

/**
 * The `gettoken` call WeCom and DingTalk both make (`errcode` 0 with `access_token` and `expires_in`), as cached
 * access tokens.
 */
export function gettokenTokens(
  provider: string,
  fetcher: typeof fetch,
  url: string,
  now?: () => number,
): AccessTokens {
  return accessTokens(async () => {
    const body = await providerJson(provider, fetcher, url);
    if (body.errcode !== 0 || typeof body.access_token !== 'string')
      throw new ProviderError(provider, String(body.errcode), String(body.errmsg ?? 'gettoken'));
    return { token: body.access_token, expiresInSeconds: Number(body.expires_in) || 7200 };
  }, now);
}

/** Errcodes WeCom and DingTalk answer for a token they no longer take: 40014 invalid, 42001 expired. */
const TOKEN_ERRCODES = new Set([40014, 42001]);

/**
 * POST a JSON payload with the access token in the URL: a token the provider refuses is replaced once; any other
 * non-zero `errcode` is a ProviderError. Returns the provider's answer.
 */
export async function postWithToken(
  provider: string,
  fetcher: typeof fetch,
  tokens: AccessTokens,
  url: (encodedToken: string) => string,
  payload: string,
): Promise<Record<string, unknown>> {
  for (let attempt = 0; ; attempt++) {
    const token = await tokens.get();
    const body = await providerJson(provider, fetcher, url(encodeURIComponent(token)), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
    });
    if (TOKEN_ERRCODES.has(Number(body.errcode)) && attempt === 0) {
      tokens.invalidate(token);
      continue;
    }
    if (body.errcode !== 0)
      throw new ProviderError(provider, String(body.errcode), String(body.errmsg ?? ''));
    return body;
  }
}
