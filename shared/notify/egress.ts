import { once } from '../lazy.ts';

/**
 * WeCom's self-built applications answer only calls from the zone's trusted IPs (企业可信IP), and DingTalk and
 * Alibaba Cloud can be set to do the same; Lambda's own egress has no fixed address. With an egress proxy (an HTTP
 * proxy on a fixed address the zone runs or rents: its URL, with any credentials, in the channels secret as
 * `egressProxyUrl`) every provider call is tunnelled through it (HTTP CONNECT), and the proxy's address is the one to
 * list. A NAT gateway would do it too, at about $32 a month. undici (Node's own fetch, as a package) loads only
 * when a proxy is set.
 */
export function proxiedFetch(proxyUrl: string): typeof fetch {
  const parsed = new URL(proxyUrl);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error('egressProxyUrl must be an http:// or https:// proxy');
  const real = once(async (): Promise<typeof fetch> => {
    const undici = await import('undici');
    // Credentials in the URL (user:password@) go as Proxy-Authorization: Basic.
    const dispatcher = new undici.ProxyAgent(proxyUrl);
    return ((input: string | URL | Request, init?: RequestInit) =>
      undici.fetch(input as string, { ...(init as object), dispatcher })) as unknown as typeof fetch;
  });
  return (async (input: string | URL | Request, init?: RequestInit) =>
    (await real())(input, init)) as typeof fetch;
}
