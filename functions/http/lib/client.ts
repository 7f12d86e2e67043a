import type { HttpEvent } from './types.ts';

/**
 * Who is asking, for rate limits: the client address API Gateway saw (the local adapter sets it the same way). An
 * IPv6 client counts by its /64 — the block one subscriber or host is given — so stepping through the addresses of
 * one network is still one client.
 */
export function clientKey(event: HttpEvent): string {
  const ip = event.requestContext?.http?.sourceIp ?? 'unknown';
  if (!ip.includes(':') || ip.startsWith('::ffff:')) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}
