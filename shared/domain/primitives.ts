import { z } from 'zod';

/** Money is always an integer number of 万元 (10,000 CNY); never a float. */
export const Wan = z
  .number({ error: 'money.integer' })
  .int({ error: 'money.integer' })
  .min(0, { error: 'money.nonNegative' })
  .max(100_000_000, { error: 'money.tooLarge' });

/** A calendar date, YYYY-MM-DD (Asia/Shanghai). */
export const IsoDate = z.iso.date({ error: 'date.invalid' });
/** An instant, ISO 8601 in UTC with milliseconds (sorts as a string). */
export const Instant = z.iso.datetime({ error: 'instant.invalid' });

export const Id = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'id.invalid' });

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { error: 'email.invalid' })
  .pipe(z.email({ error: 'email.invalid' }));

/** Mainland mobile or landline, with optional +86 and separators. */
export const Phone = z
  .string()
  .trim()
  .regex(/^(\+?86[- ]?)?(1\d{10}|0\d{2,3}-?\d{7,8})$/, { error: 'phone.invalid' });

export const Text = (max: number) =>
  z.string().trim().min(1, { error: 'text.required' }).max(max, { error: 'text.tooLong' });
