import { ProjectType } from '../domain/lifecycle.ts';
import {
  FUNDS_ORIGINS,
  type FundsOrigin,
  INVESTOR_TAGS,
  type InvestorTag,
} from '../domain/project-profile.ts';
import { type Locale, type MessageKey, translator } from '../i18n/i18n.ts';

/**
 * The words a 台账 writes for a closed list of values (资金来源, 投资方类型, 项目类型), in either language, and the
 * word written back in an export. One table per list: the value, its message (the word shown), and other words
 * zones write for it.
 */
interface WordList<T extends string> {
  values: readonly T[];
  label: (value: T) => MessageKey;
  synonyms?: Partial<Record<T, string[]>>;
}

const FUNDS_ORIGIN_WORDS: WordList<FundsOrigin> = {
  values: FUNDS_ORIGINS,
  label: (v) => `ledger.origin.${v}`,
  synonyms: { foreign: ['外资', '境外资金'], outOfProvince: ['省外资金'], local: ['本市'] },
};

const INVESTOR_TAG_WORDS: WordList<InvestorTag> = {
  values: INVESTOR_TAGS,
  label: (v) => `ledger.tag.${v}`,
  synonyms: {
    global500: ['世界五百强', 'Global 500'],
    china500: ['中国五百强', '中国企业500强'],
    privateChina500: ['中国民营企业500强', '民营500强', 'Private 500'],
    listed: ['上市', '上市企业', 'Listed'],
  },
};

const PROJECT_TYPE_WORDS: WordList<ProjectType> = {
  values: ProjectType.options,
  label: (v) => `projectType.${v}`,
  synonyms: { industrial: ['工业'], service: ['服务业'], rnd: ['研发'] },
};

const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();

function reader<T extends string>(list: WordList<T>): (word: string) => T | undefined {
  const index = new Map<string, T>();
  for (const value of list.values) {
    index.set(norm(value), value);
    for (const locale of ['zh-CN', 'en'] as const)
      index.set(norm(translator(locale)(list.label(value))), value);
    for (const s of list.synonyms?.[value] ?? []) index.set(norm(s), value);
  }
  return (word) => index.get(norm(word));
}

export const readFundsOrigin = reader(FUNDS_ORIGIN_WORDS);
export const readInvestorTag = reader(INVESTOR_TAG_WORDS);
export const readProjectType = reader(PROJECT_TYPE_WORDS);

/** 投资方类型 holds several: separated by 、 , ， ; ； or /. */
export const splitTags = (cell: string): string[] =>
  cell
    .split(/[、,，;；/]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The words an export writes (the reader's language), which the import reads back. */
export function ledgerWords(locale: Locale) {
  const t = translator(locale);
  return {
    fundsOrigin: (v: FundsOrigin) => t(FUNDS_ORIGIN_WORDS.label(v)),
    investorTags: (tags: InvestorTag[]) =>
      tags.map((v) => t(INVESTOR_TAG_WORDS.label(v))).join(locale === 'en' ? ', ' : '、'),
    projectType: (v: ProjectType) => t(PROJECT_TYPE_WORDS.label(v)),
  };
}
