import { z } from 'zod';

/**
 * Where to go once signed in: a path on this site (`/console/…`, with its query), never another origin — `//host`
 * and `/\\host` are other origins to a browser — nor anything but printable ASCII. Anything else is dropped
 * (the console's home is used), never an error: it came from a redirect, not from someone typing.
 */
export const NextPath = z
  .string()
  .max(1000)
  .regex(/^\/(?![/\\])/)
  // Printable ASCII only (a browser sends the rest percent-encoded): it goes into a Location header as it is.
  .refine((path) => [...path].every((c) => c > ' ' && c < '\u007f' && c !== '\\'));

/** `value` if it is a path to return to after signing in, else undefined. */
export function nextPath(value: unknown): string | undefined {
  const parsed = NextPath.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
