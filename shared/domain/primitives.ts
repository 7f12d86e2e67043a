import { z } from 'zod';

/** A field's error message key; a missing field always says `field.required`. */
export const msg = (key: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'field.required' : key;

/** Money is always an integer number of 万元 (10,000 CNY); never a float. */
export const Wan = z
  .number({ error: msg('money.integer') })
  .int({ error: msg('money.integer') })
  .min(0, { error: msg('money.nonNegative') })
  .max(100_000_000, { error: msg('money.tooLarge') });

/** A calendar date, YYYY-MM-DD (Asia/Shanghai). */
export const IsoDate = z.iso.date({ error: msg('date.invalid') });
/** An instant, ISO 8601 in UTC with milliseconds (sorts as a string). */
export const Instant = z.iso.datetime({ error: msg('instant.invalid') });

export const Id = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: msg('id.invalid') });

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { error: msg('email.invalid') })
  .pipe(z.email({ error: msg('email.invalid') }));

/** Mainland mobile or landline, with optional +86 and separators. */
export const Phone = z
  .string()
  .trim()
  .regex(/^(\+?86[- ]?)?(1\d{10}|0\d{2,3}-?\d{7,8})$/, { error: msg('phone.invalid') });

export const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: msg('text.required') })
    .max(max, { error: msg('text.tooLong') });
