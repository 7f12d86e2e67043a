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

/**
 * A phone number as typed, made plain before it is checked: NFKC (full-width digits ０-９, ＋ and the ideographic
 * space become ASCII), then every space and dash (any of the hyphen and dash characters a phone keyboard or an
 * input method types) removed: `１３８ ００１３－８０００` is 13800138000, `0571-8888 8888` is 057188888888.
 */
export function normalisePhone(value: string): string {
  return value.normalize('NFKC').replace(/[\s\-\u2010-\u2015\u2212\u30fc\ufe63]/g, '');
}

/**
 * Mainland mobile (11 digits from 1) or landline (0, area code and number: 10–12 digits), with an optional +86;
 * spaces, dashes and full-width digits are normalised first (`normalisePhone`) and the plain digits are stored.
 */
export const Phone = z
  .string()
  .transform(normalisePhone)
  .pipe(z.string().regex(/^(\+?86)?(1\d{10}|0\d{9,11})$/, { error: msg('phone.invalid') }));

/**
 * Characters no text from a person contains: C0 controls but tab, line feed and carriage return (a textarea's line
 * ends), DEL, and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can
 * make a name or a reason display as something other than what is stored ("Trojan Source").
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** A text without the characters no person types (`CONTROL`): the one rule every `Text` applies. */
export const stripControlCharacters = (value: string) => value.replace(CONTROL, '');

/**
 * Text a person enters (a name, a title, a reason, notes): control and bidirectional-override characters stripped
 * (`stripControlCharacters` — stripped, not refused: the same schemas read stored records, and one stored before the
 * rule must still read), then trimmed, required, at most `max` characters. Tab and line breaks stay (multi-line
 * fields).
 */
export const Text = (max: number) =>
  z
    .string()
    .overwrite(stripControlCharacters)
    .trim()
    .min(1, { error: msg('text.required') })
    .max(max, { error: msg('text.tooLong') });
