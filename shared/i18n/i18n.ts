import { en } from './en.ts';
import { type MessageKey, zhCN } from './zh-CN.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function isMessageKey(key: string): key is MessageKey {
  return key in zhCN;
}

export function translator(locale: Locale): Translate {
  const dictionary = dictionaries[locale];
  return (key, params) =>
    dictionary[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
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
