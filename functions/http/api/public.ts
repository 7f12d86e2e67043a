import type { z } from 'zod';
import { logger } from '#shared/log/logger.ts';
import { json } from '../lib/respond.ts';
import type { HttpResult } from '../lib/types.ts';

/**
 * Every API answer goes out through its public schema (`schemas.ts`), an explicit list of fields: zod drops every
 * field the schema does not name, so a field added to a stored item (a key, a token, a hash) is never sent until
 * someone adds it to the public schema on purpose.
 */
export function publicJson<S extends z.ZodType>(schema: S, value: unknown, status = 200): HttpResult {
  const parsed = schema.safeParse(value);
  if (parsed.success) return json(parsed.data, status);
  // A stored value older than today's rules: still only the named fields, never the item as stored.
  logger.warn('api output does not match its schema', { issues: parsed.error.issues.length });
  return json(pickNamed(schema, value), status);
}

/** Keep only the fields an object schema (or an array of one) names, recursively; anything else as it is. */
function pickNamed(schema: z.ZodType, value: unknown): unknown {
  const def = (
    schema as unknown as {
      def: { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType };
    }
  ).def;
  if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType)
    return pickNamed(def.innerType, value);
  if (def.type === 'array' && def.element && Array.isArray(value))
    return value.map((v) => pickNamed(def.element as z.ZodType, v));
  if (def.type === 'object' && def.shape && value && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(def.shape)
        .filter(([name]) => Object.hasOwn(source, name))
        .map(([name, field]) => [name, pickNamed(field, source[name])]),
    );
  }
  if (def.type === 'object' || def.type === 'array') return undefined;
  return value;
}
