import { z } from 'zod';

/** A field's error message key; a missing field always says `field.required`. */
export const msg = (key: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'field.required' : key;

/**
 * Money is always an integer number of 万元 (10,000 CNY); never a float. At most 100,000,000 万元 (one trillion
 * yuan, far above any single project's investment): stored amounts have always been held to this bound, so it
 * stays as it is; it keeps totals well inside Number.MAX_SAFE_INTEGER.
 */
export const Wan = z
  .number({ error: msg('money.integer') })
  .int({ error: msg('money.integer') })
  .min(0, { error: msg('money.nonNegative') })
  .max(100_000_000, { error: msg('money.tooLarge') });

/**
 * The dates anyone may enter: 2000-01-01 to 2100-12-31. A fixed window, so the schemas stay pure (no clock) and an
 * input is valid or not whatever the day; it is wide enough for every real date here (signings, milestones,
 * commitments, absences; the scoreboard's years already run 2000–2100) and narrow enough that no date from a form,
 * the API or an imported ledger sends the working-day arithmetic across millennia (issue 14: 9999-12-31).
 * Rules relative to today (not in the future, not in the past) are the use cases', on top of this.
 */
export const MIN_DATE = '2000-01-01';
export const MAX_DATE = '2100-12-31';
/** Only a date of the right shape is checked for its window (a malformed one already says `date.invalid`). */
const inWindow = (date: string) => !/^\d{4}-\d{2}-\d{2}/.test(date) || (date >= MIN_DATE && date <= MAX_DATE);

/** A calendar date as stored, YYYY-MM-DD (Asia/Shanghai): any valid date, so records written before the window was enforced still read. */
export const StoredIsoDate = z.iso.date({ error: msg('date.invalid') });
/** A calendar date from input, YYYY-MM-DD (Asia/Shanghai), within MIN_DATE…MAX_DATE (`date.outOfRange` otherwise). */
export const IsoDate = StoredIsoDate.refine(inWindow, { error: 'date.outOfRange' });

/**
 * An instant, ISO 8601 in UTC with milliseconds (sorts as a string). Only ever written by the server from its clock;
 * no input schema takes one (dates entered are IsoDate).
 */
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
