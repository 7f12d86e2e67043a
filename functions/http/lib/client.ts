import type { HttpEvent } from './types.ts';

/** Who is asking, for rate limits: the client address API Gateway saw (the local adapter sets it the same way). */
export function clientKey(event: HttpEvent): string {
  return event.requestContext?.http?.sourceIp ?? 'unknown';
}
