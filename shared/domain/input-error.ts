import type { z } from 'zod';

/** One problem with one field, as a message key the views translate (e.g. `text.tooLong`). */
export interface FieldError {
  path: string;
  message: string;
}

/** Input that failed validation; nothing was stored. The HTTP layer turns it into a 400 with field errors. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(readonly fields: FieldError[]) {
    super(`invalid input: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`);
  }

  static field(path: string, message: string): InputError {
    return new InputError([{ path, message }]);
  }
}

/** Our schemas carry message keys (`text.required`); zod's own messages become generic keys. */
export function fromZod(error: z.ZodError): InputError {
  return new InputError(
    error.issues.map((issue) => {
      const path = issue.path.map(String).join('.') || '_';
      if (/^[a-z]+(\.[a-zA-Z]+)+$/.test(issue.message)) return { path, message: issue.message };
      // Missing, not malformed: the issue carries no input (validate() asks zod to report it).
      if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) {
        return { path, message: 'field.required' };
      }
      if (issue.code === 'unrecognized_keys') return { path, message: 'field.unknown' };
      return { path, message: 'field.invalid' };
    }),
  );
}

/**
 * Check input against a schema, with each issue carrying the value it was about (zod 4 leaves it out unless asked),
 * so that fromZod can tell a missing field from a malformed one.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown) {
  return schema.safeParse(input, { reportInput: true });
}

/** Parse with a schema, throwing InputError with field-level messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = validate(schema, input);
  if (!result.success) throw fromZod(result.error);
  return result.data;
}
