import { describe, expect, it } from 'vitest';
import { unflatten } from '#functions/http/lib/body.ts';

describe('form fields to nested input', () => {
  it('nests dotted names, makes arrays for numeric segments, drops blanks and the CSRF field', () => {
    expect(
      unflatten(
        {
          _csrf: 'x',
          name: ' 芯途 ',
          contractedInvestment: '1200',
          'contacts.0.name': '沈一鸣',
          'planned.registered': '2026-12-01',
          'planned.siteSecured': '',
        },
        ['contractedInvestment'],
      ),
    ).toEqual({
      name: '芯途',
      contractedInvestment: 1200,
      contacts: [{ name: '沈一鸣' }],
      planned: { registered: '2026-12-01' },
    });
  });

  it('leaves a non-integer number as text so the schema can report it', () => {
    expect(unflatten({ contractedInvestment: '12.5' }, ['contractedInvestment'])).toEqual({
      contractedInvestment: '12.5',
    });
  });

  it('ignores prototype-polluting names', () => {
    const out = unflatten({ '__proto__.polluted': 'yes', 'constructor.prototype.x': 'y' });
    expect(out).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('survives names that clash or have empty parts (found by the fuzzer: they used to throw)', () => {
    expect(unflatten({ '': '!', '.': '!', 'a..b': 'x' })).toEqual({});
    expect(unflatten({ a: 'text', 'a.b': 'nested' })).toEqual({ a: 'text' });
    expect(unflatten({ 'a.b': 'nested', a: 'text' })).toEqual({ a: { b: 'nested' } });
  });
});
