import { describe, expect, expectTypeOf, it } from 'vitest';
import { BOARD_SCOPES } from '#shared/auth/permissions.ts';
import { EnterpriseStatus } from '#shared/domain/enterprise.ts';
import { ROLES } from '#shared/domain/organisation.ts';
import type { Light } from '#shared/domain/schedule.ts';
import { STAGES, type Stage } from '#shared/domain/stage.ts';
import { NeedStatus } from '#shared/domain/work-item.ts';
import { en } from '#shared/i18n/en.ts';
import {
  fieldMessage,
  isMessageKey,
  LOCALES,
  type MessageKey,
  pickLocale,
  translator,
} from '#shared/i18n/i18n.ts';
import { zhCN } from '#shared/i18n/zh-CN.ts';

const catalogues: Record<string, Record<string, string>> = { 'zh-CN': zhCN, en };
/** Each parameter a message reads, a plural form (`{count, plural, …}`) included. */
const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();

describe('the catalogues', () => {
  it('have the same keys in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('use the same placeholders for each key in both languages', () => {
    const differ = Object.entries(zhCN).filter(
      ([key, text]) =>
        JSON.stringify(placeholders(text)) !== JSON.stringify(placeholders(catalogues.en?.[key] ?? '')),
    );
    expect(differ).toEqual([]);
  });

  it('sign every message without naming email: WeCom, DingTalk and SMS carry the same footer', () => {
    expect(zhCN['mail.footer']).not.toMatch(/邮件/);
    expect(en['mail.footer']).not.toMatch(/e-?mail/i);
  });

  it('have no empty message', () => {
    for (const [locale, catalogue] of Object.entries(catalogues)) {
      expect(
        Object.entries(catalogue).filter(([, text]) => !text.trim()),
        locale,
      ).toEqual([]);
    }
  });

  it('name every value a key is made from: stages, roles, statuses, lights, board scopes', () => {
    const made = [
      ...STAGES.map((s) => `stage.${s}`),
      ...ROLES.map((r) => `role.${r}`),
      ...NeedStatus.options.map((s) => `need.status.${s}`),
      ...EnterpriseStatus.options.map((s) => `enterprise.status.${s}`),
      ...(['green', 'yellow', 'red'] satisfies Light[]).map((l) => `light.${l}`),
      ...BOARD_SCOPES.map((s) => `console.scope.${s.scope}`),
      ...['malformed', 'signature', 'expired', 'purpose', 'used'].map((r) => `link.refused.${r}`),
    ];
    expect(made.filter((key) => !isMessageKey(key))).toEqual([]);
  });
});

describe('the translator', () => {
  it('speaks each language', () => {
    expect(translator('en')('nav.signin')).toBe('Sign in');
    expect(translator('zh-CN')('nav.signin')).toBe('登录');
    expect(LOCALES).toEqual(['zh-CN', 'en']);
  });

  it('fills every placeholder, numbers included', () => {
    expect(translator('en')('handOver.done', { enterprises: 2, tasks: 3, needs: 0, parts: 1 })).toBe(
      'Handed over: 2 enterprises, 3 tasks, 0 needs, 1 part.',
    );
  });

  it('picks the plural form English needs for a count (one, other), and Chinese words never change', () => {
    const t = translator('en');
    expect(t('ledger.preview', { count: 1 })).toBe('Preview: 1 project ready to import');
    expect(t('ledger.preview', { count: 12 })).toBe('Preview: 12 projects ready to import');
    expect(t('ledger.preview', { count: 0 })).toBe('Preview: 0 projects ready to import');
    expect(t('ledger.confirm', { count: 1 })).toBe('Import this project');
    // The head's escalation comes after one working day by default: the usual case is the singular.
    expect(t('mail.task.overdue.subject', { enterprise: 'A', item: 'B', days: 1 })).toBe(
      '[Overdue] A: B is 1 working day late',
    );
    expect(t('console.mailBacklog', { count: 1, since: '09:00' })).toMatch(/^1 email is not delivered yet/);
    expect(translator('zh-CN')('ledger.preview', { count: 1 })).toBe(
      zhCN['ledger.preview'].replace('{count}', '1'),
    );
    // Every plural form in the catalogue has both forms and is well formed: none is left unresolved.
    for (const [key, text] of Object.entries(en as Record<string, string>))
      if (text.includes(', plural,'))
        expect(
          translator('en')(key as MessageKey, {
            count: 2,
            total: 2,
            done: 2,
            imported: 2,
            enterprises: 2,
            tasks: 2,
            needs: 2,
            parts: 2,
            days: 2,
          }),
          key,
        ).not.toContain('plural');
  });

  it('leaves a placeholder it was given no value for, so a missing parameter shows', () => {
    expect(translator('en')('handOver.done', { enterprises: 1 })).toBe(
      'Handed over: 1 enterprise, {tasks, plural, one {# task} other {# tasks}}, {needs, plural, one {# need} other {# needs}}, {parts, plural, one {# part} other {# parts}}.',
    );
  });

  it('translates a key made from a template literal over a union', () => {
    const t = translator('en');
    const stage: Stage = 'siteSecured';
    expect(t(`stage.${stage}`)).toBe(en['stage.siteSecured']);
    expect(STAGES.map((s) => translator('zh-CN')(`stage.${s}`))).toEqual(
      STAGES.map((s) => zhCN[`stage.${s}`]),
    );
  });

  it('gives a field error’s message, or the generic one for an unknown key', () => {
    const t = translator('en');
    expect(fieldMessage(t, 'email.invalid')).toBe(en['email.invalid']);
    expect(fieldMessage(t, 'no.such.key')).toBe(en['field.invalid']);
    // Not a key, though `in` would find it on the object's prototype.
    expect(fieldMessage(t, 'constructor')).toBe(en['field.invalid']);
    expect(isMessageKey('toString')).toBe(false);
  });

  it('picks English only when asked for, from the query before the cookie', () => {
    expect(pickLocale('en', 'zh-CN')).toBe('en');
    expect(pickLocale(undefined, 'en')).toBe('en');
    expect(pickLocale('zh-CN', 'en')).toBe('zh-CN');
    expect(pickLocale('fr', undefined)).toBe('zh-CN');
    expect(pickLocale()).toBe('zh-CN');
  });
});

describe('typed keys (checked by tsc)', () => {
  // Checked by tsc (npm test), not at run time: `npm run test:unit` alone does not type-check.
  it('accepts template-literal keys over known unions and refuses the rest', () => {
    expectTypeOf<`stage.${Stage}`>().toExtend<MessageKey>();
    expectTypeOf<`need.status.${(typeof NeedStatus.options)[number]}`>().toExtend<MessageKey>();
    expectTypeOf<`stage.${string}`>().not.toExtend<MessageKey>();
    expectTypeOf<'stage.nowhere'>().not.toExtend<MessageKey>();
    const t = translator('en');
    // Never run: the lines below only have to fail to compile.
    const typeOnly = (anyName: string) => {
      // @ts-expect-error a key made from any string is not known to exist
      t(`stage.${anyName}`);
      // @ts-expect-error no such key
      t('stage.nowhere');
    };
    expect(typeof typeOnly).toBe('function');
  });
});
