import type { Action, SubjectOf } from '#shared/auth/permissions.ts';
import type { Locale, Translate } from '#shared/i18n/i18n.ts';

/** What every page needs besides its own data. */
export interface ViewContext {
  t: Translate;
  locale: Locale;
  /** The request path and query, for the language switch. */
  path: string;
  csrf: string;
  local: boolean;
  /** The signed-in person, if any. */
  user?: { name: string };
  /**
   * Whether the signed-in person may take an action (on a subject): pages show a link, button or form by asking,
   * never by comparing roles (the rules: `shared/auth/permissions.ts`). False when nobody is signed in.
   */
  can: <A extends Action>(action: A, subject?: SubjectOf<A>) => boolean;
}
