import type { Locale, Translate } from '#shared/i18n/i18n.ts';

/** What every page needs besides its own data. */
export interface ViewContext {
  t: Translate;
  locale: Locale;
  /** The request path and query, for the language switch. */
  path: string;
  csrf: string;
  local: boolean;
  user?: { name: string; role: 'officer' | 'departmentHead' | 'manager' };
}
