import { en } from './en.ts';
import { type MessageKey, zhCN } from './zh-CN.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * A message key: one of the catalogue's keys (zh-CN's; en.ts must have exactly the same). Keys made from a template
 * literal type-check without a cast when every value the placeholder can take makes a key: `t(`stage.${stage}`)`
 * compiles for a `Stage`, `t(`stage.${name}`)` does not for a `string`. Narrow such a value at its source (a zod
 * enum, a union type) instead of casting the key.
 */
export type { MessageKey };

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Whether a key made at run time (e.g. from a stored audit action) has a message. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

/** People grouped by the language they read (zh-CN unless they chose English), in order of first appearance. */
export function byLocale<P extends { locale?: Locale }>(people: P[]): [Locale, P[]][] {
  const groups = new Map<Locale, P[]>();
  for (const p of people) {
    const locale = p.locale ?? 'zh-CN';
    groups.set(locale, [...(groups.get(locale) ?? []), p]);
  }
  return [...groups];
}

/** Each language's plural rules, made once (a translator is made per message in some loops). */
const pluralRules = Object.fromEntries(LOCALES.map((l) => [l, new Intl.PluralRules(l)])) as Record<
  Locale,
  Intl.PluralRules
>;

/** `{count, plural, one {# item} other {# items}}`: the form the language's plural rules pick, `#` the number. */
const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;

/**
 * The messages of one language; `{name}` placeholders are filled from `params` (left as they are if missing), and
 * plural forms (`{count, plural, one {…} other {…}}`, English only: Chinese has none) chosen by `Intl.PluralRules`.
 */
export function translator(locale: Locale): Translate {
  const dictionary = dictionaries[locale];
  const rules = pluralRules[locale];
  return (key, params) =>
    dictionary[key]
      .replace(PLURAL, (whole, name: string, one: string, other: string) => {
        const value = params?.[name];
        if (value === undefined) return whole;
        const n = Number(value);
        return (rules.select(n) === 'one' ? one : other).replaceAll('#', String(value));
      })
      .replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
}

/** A field error's message key in the user's language (unknown keys fall back to a generic one). */
export function fieldMessage(t: Translate, key: string): string {
  return t(isMessageKey(key) ? key : 'field.invalid');
}

/** zh-CN unless the person chose English (a `lang` query parameter or cookie). */
export function pickLocale(query?: string | null, cookie?: string | null): Locale {
  const choice = query ?? cookie;
  return choice === 'en' ? 'en' : 'zh-CN';
}
