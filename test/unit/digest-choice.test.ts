import { describe, expect, it } from 'vitest';
import { DigestForm, LocaleForm, setDigestChoice, setMailLocale } from '#shared/digest/choice.ts';
import { digestTime, HEAD_DIGEST_AT } from '#shared/digest/digest.ts';
import { fromZod, InputError } from '#shared/domain/input-error.ts';
import { DigestChoice } from '#shared/domain/organisation.ts';
import type { Db } from '#shared/store/db.ts';

const problems = (input: unknown) => {
  const result = DigestForm.safeParse(input);
  return result.success ? [] : fromZod(result.error).fields;
};

describe('the digest form', () => {
  it('takes a time from 08:00 to 17:59, on the minute, with two-digit hours', () => {
    for (const at of ['08:00', '09:30', '12:00', '17:59']) expect(problems({ at }), at).toEqual([]);
    for (const at of ['07:59', '18:00', '8:00', '08:60', '0800', '08:00:00', '', ' 09:00', '23:00']) {
      expect(problems({ at }), at).toEqual([{ path: 'at', message: 'digest.time' }]);
    }
  });

  it('says field.required when no time is given', () => {
    expect(problems({ daily: 'yes' })).toEqual([{ path: 'at', message: 'field.required' }]);
  });

  it('reads the ticked checkbox as "yes", an unticked one as absent, and nothing else', () => {
    expect(DigestForm.parse({ daily: 'yes', at: '09:00' })).toEqual({ daily: 'yes', at: '09:00' });
    expect(DigestForm.parse({ at: '09:00' })).toEqual({ at: '09:00' });
    for (const daily of ['on', 'no', 'true', true]) {
      expect(DigestForm.safeParse({ daily, at: '09:00' }).success, String(daily)).toBe(false);
    }
  });

  it('stores the same rule for the time as the staff record does', () => {
    expect(DigestChoice.safeParse({ daily: true, at: '17:59' }).success).toBe(true);
    expect(DigestChoice.safeParse({ daily: true, at: '18:00' }).success).toBe(false);
    expect(DigestChoice.safeParse({ daily: 'yes', at: '09:00' }).success).toBe(false);
  });

  it('takes only the two mail languages', () => {
    expect(LocaleForm.parse({ locale: 'en' })).toEqual({ locale: 'en' });
    expect(LocaleForm.parse({ locale: 'zh-CN' })).toEqual({ locale: 'zh-CN' });
    const result = LocaleForm.safeParse({ locale: 'fr' });
    expect(result.success).toBe(false);
    expect(fromZod(result.error!).fields).toEqual([{ path: 'locale', message: 'field.invalid' }]);
  });

  it('refuses a bad choice before reading or writing anything', async () => {
    const untouchable = {
      table: 'none',
      doc: {
        send: () => {
          throw new Error('the store must not be used');
        },
      },
    } as unknown as Db;
    const deps = { db: untouchable, clock: { now: () => new Date('2026-11-27T02:00:00Z') } };
    const by = { actor: { kind: 'staff' as const, id: 'x' }, channel: 'web' as const };
    await expect(setDigestChoice(deps, 'STAFF', { daily: 'yes', at: '18:30' }, by)).rejects.toEqual(
      new InputError([{ path: 'at', message: 'digest.time' }]),
    );
    await expect(setMailLocale(deps, 'STAFF', { locale: 'de' }, by)).rejects.toBeInstanceOf(InputError);
  });
});

describe('when a person’s digest is due', () => {
  it('is their chosen time when they chose a daily digest, whatever their role', () => {
    expect(digestTime({ role: 'officer', digest: { daily: true, at: '08:30' } })).toBe('08:30');
    expect(digestTime({ role: 'manager', digest: { daily: true, at: '16:00' } })).toBe('16:00');
    expect(digestTime({ role: 'departmentHead', digest: { daily: true, at: '10:15' } })).toBe('10:15');
  });

  it('is never for an officer or manager who did not choose one', () => {
    expect(digestTime({ role: 'officer' })).toBeUndefined();
    expect(digestTime({ role: 'officer', digest: { daily: false, at: '08:30' } })).toBeUndefined();
    expect(digestTime({ role: 'manager', digest: { daily: false, at: '08:30' } })).toBeUndefined();
  });

  it('is always for a department head (the red list): 09:00 unless they set a time', () => {
    expect(HEAD_DIGEST_AT).toBe('09:00');
    expect(digestTime({ role: 'departmentHead' })).toBe('09:00');
    expect(digestTime({ role: 'departmentHead', digest: { daily: false, at: '11:00' } })).toBe('11:00');
  });
});
