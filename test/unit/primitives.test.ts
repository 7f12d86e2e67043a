import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newId } from '#shared/domain/ids.ts';
import { fromZod, InputError, parseInput, validate } from '#shared/domain/input-error.ts';
import { Email, Id, Instant, IsoDate, Phone, Text, Wan } from '#shared/domain/primitives.ts';

/** The message keys a value gets from a schema (empty when it is valid). */
function problems(schema: z.ZodType, value: unknown): string[] {
  const result = validate(schema, value);
  return result.success ? [] : fromZod(result.error).fields.map((f) => f.message);
}

describe('phone numbers', () => {
  it('accepts mainland mobiles and landlines, with or without +86 and separators', () => {
    for (const phone of [
      '13800138000',
      '+8613800138000',
      '8613800138000',
      '+86 13800138000',
      '+86-13800138000',
      '010-12345678',
      '01012345678',
      '0571-8888888',
      '0755-88888888',
      '+86 021-12345678',
    ]) {
      expect(problems(Phone, phone), phone).toEqual([]);
    }
  });

  it('refuses numbers of the wrong length or shape with phone.invalid', () => {
    for (const phone of [
      '1380013800', // ten digits
      '138001380000', // twelve digits
      '23800138000', // a mobile starts with 1
      '010-123456', // six-digit local number
      '10-12345678', // area code without its 0
      '+1 13800138000',
      '',
      'phone',
    ]) {
      expect(problems(Phone, phone), phone).toEqual(['phone.invalid']);
    }
  });

  it('trims the spaces around a number before checking it, and keeps the trimmed value', () => {
    expect(Phone.parse('  13800138000 \t')).toBe('13800138000');
  });

  it('says field.required for a missing phone, not phone.invalid', () => {
    expect(problems(z.object({ phone: Phone }), {})).toEqual(['field.required']);
  });
});

describe('ids', () => {
  it('accepts the ids the system makes (ULIDs)', () => {
    for (let i = 0; i < 20; i++) expect(problems(Id, newId())).toEqual([]);
  });

  it('refuses lower case, the letters Crockford base 32 leaves out, and the wrong length', () => {
    const good = newId();
    for (const id of [
      good.toLowerCase(),
      `${good.slice(0, 25)}I`,
      `${good.slice(0, 25)}L`,
      `${good.slice(0, 25)}O`,
      `${good.slice(0, 25)}U`,
      good.slice(0, 25),
      `${good}0`,
      '',
      `${good.slice(0, 13)}-${good.slice(14)}`,
    ]) {
      expect(problems(Id, id), id).toEqual(['id.invalid']);
    }
  });
});

describe('text limits', () => {
  it('allows exactly the limit and refuses one more character, counting a Chinese character as one', () => {
    expect(problems(Text(10), '一二三四五六七八九十')).toEqual([]);
    expect(problems(Text(10), '一二三四五六七八九十一')).toEqual(['text.tooLong']);
    expect(problems(Text(3), 'abc')).toEqual([]);
    expect(problems(Text(3), 'abcd')).toEqual(['text.tooLong']);
  });

  it('trims before checking, so spaces alone are required text missing and padding does not count', () => {
    expect(problems(Text(10), '   ')).toEqual(['text.required']);
    expect(problems(Text(10), '')).toEqual(['text.required']);
    expect(problems(Text(3), '  abc  ')).toEqual([]);
    expect(Text(3).parse('  abc  ')).toBe('abc');
  });

  it('says field.required when the text is missing', () => {
    expect(problems(z.object({ name: Text(5) }), {})).toEqual(['field.required']);
    expect(problems(z.object({ name: Text(5) }), { name: undefined })).toEqual(['field.required']);
  });
});

describe('email addresses', () => {
  it('trims and lower-cases an address', () => {
    expect(Email.parse('  Li.Ming@Zone.Example.CN ')).toBe('li.ming@zone.example.cn');
  });

  it('refuses what is not an address, and addresses longer than 254 characters', () => {
    for (const email of ['li.ming', 'li@', '@zone.cn', 'li ming@zone.cn', '']) {
      expect(problems(Email, email), email).toEqual(['email.invalid']);
    }
    const long = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.cn`;
    expect(long.length).toBeGreaterThan(254);
    expect(problems(Email, long)).toEqual(['email.invalid']);
  });
});

describe('money (万元)', () => {
  it('takes whole 万元 from 0 to 100,000,000 inclusive', () => {
    expect(problems(Wan, 0)).toEqual([]);
    expect(problems(Wan, 100_000_000)).toEqual([]);
    expect(problems(Wan, 100_000_001)).toEqual(['money.tooLarge']);
    expect(problems(Wan, -1)).toEqual(['money.nonNegative']);
  });

  it('refuses fractions, text and NaN as money.integer, and a missing amount as field.required', () => {
    expect(problems(Wan, 1.5)).toEqual(['money.integer']);
    expect(problems(Wan, '500')).toEqual(['money.integer']);
    expect(problems(Wan, Number.NaN)).toEqual(['money.integer']);
    expect(problems(z.object({ amount: Wan }), {})).toEqual(['field.required']);
  });
});

describe('dates and instants', () => {
  it('checks calendar dates, including leap years', () => {
    expect(problems(IsoDate, '2028-02-29')).toEqual([]);
    for (const date of ['2026-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-2-1', '2026/02/01']) {
      expect(problems(IsoDate, date), date).toEqual(['date.invalid']);
    }
  });

  it('takes UTC instants and refuses a bare date or a local time without a zone', () => {
    expect(problems(Instant, '2026-11-27T02:00:00.000Z')).toEqual([]);
    expect(problems(Instant, '2026-11-27')).toEqual(['instant.invalid']);
    expect(problems(Instant, '2026-11-27T10:00:00')).toEqual(['instant.invalid']);
  });
});

describe('input errors', () => {
  const Form = z.strictObject({
    name: Text(5),
    contacts: z.array(z.object({ phone: Phone })).min(1, { error: 'contacts.required' }),
  });

  it('keeps our message keys, with the field path joined by dots', () => {
    const error = fromZod(Form.safeParse({ name: 'toolong', contacts: [{ phone: 'x' }] }).error!);
    expect(error.fields).toEqual([
      { path: 'name', message: 'text.tooLong' },
      { path: 'contacts.0.phone', message: 'phone.invalid' },
    ]);
  });

  it('turns zod’s own messages into generic keys: required, unknown, invalid', () => {
    const error = fromZod(Form.safeParse({ contacts: [{ phone: '13800138000' }], extra: 1 }).error!);
    expect(error.fields).toEqual(
      expect.arrayContaining([
        { path: 'name', message: 'field.required' },
        { path: '_', message: 'field.unknown' },
      ]),
    );
    expect(error.fields).toHaveLength(2);
    // A rule of zod's own (here a minimum length without a key of ours) is just "invalid".
    expect(fromZod(z.string().min(3).safeParse('ab').error!).fields).toEqual([
      { path: '_', message: 'field.invalid' },
    ]);
    expect(fromZod(z.enum(['a', 'b']).safeParse('c').error!).fields).toEqual([
      { path: '_', message: 'field.invalid' },
    ]);
  });

  it('parseInput returns the parsed (trimmed) value, or throws an InputError naming every field', () => {
    expect(parseInput(Form, { name: ' ab ', contacts: [{ phone: '13800138000' }] })).toEqual({
      name: 'ab',
      contacts: [{ phone: '13800138000' }],
    });
    let thrown: unknown;
    try {
      parseInput(Form, { name: '', contacts: [] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as InputError).name).toBe('InputError');
    expect((thrown as InputError).fields).toEqual([
      { path: 'name', message: 'text.required' },
      { path: 'contacts', message: 'contacts.required' },
    ]);
    expect((thrown as InputError).message).toBe(
      'invalid input: name text.required; contacts contacts.required',
    );
  });

  it('InputError.field makes an error for one field', () => {
    const error = InputError.field('file', 'ledger.notXlsx');
    expect(error.fields).toEqual([{ path: 'file', message: 'ledger.notXlsx' }]);
    expect(error.message).toBe('invalid input: file ledger.notXlsx');
  });
});

describe('field.required against field.invalid', () => {
  it('says field.invalid for a value of the wrong type, field.required only for a missing one', () => {
    expect(problems(z.object({ name: Text(40) }), { name: 5 })).toEqual(['field.invalid']);
    expect(problems(z.object({ name: Text(40) }), {})).toEqual(['field.required']);
  });
});
