import type { Deps } from '../deps.ts';
import type { Need } from '../domain/work-item.ts';
import { byLocale } from '../i18n/i18n.ts';
import { sendOrQueue } from '../mail/office-hours.ts';
import { recipientOf } from '../notify/channel.ts';
import { getEnterprise } from '../store/enterprises.ts';
import { type EnterpriseNotice, needUpdateMail } from './mail.tsx';

export type { EnterpriseNotice };

import { portalLink } from './portal.ts';

/**
 * What the enterprise is told when its need moves on without waiting for it: signed for (with the committed date),
 * more time approved (the new date), redone after it was unsatisfied (the new date), explained as outside the
 * zone's remit, or merged into another. The answer itself reaches it with the request to rate it (the workflow's
 * rating phase).
 */
export function enterpriseNotice(before: Need, after: Need): EnterpriseNotice | undefined {
  if (before.status !== 'closed' && after.status === 'closed') {
    if (after.outcome === 'explained') return { kind: 'explained', explanation: after.answer ?? '' };
    if (after.outcome === 'merged' && after.mergedInto) return { kind: 'merged', into: after.mergedInto.ref };
    if (after.outcome === 'decided') return { kind: 'decided', decision: after.answer ?? '' };
    return undefined;
  }
  if (before.extension?.status === 'pending' && after.extension?.status === 'approved')
    return { kind: 'extended', date: after.extension.to };
  const date = after.committedDate;
  if (!date || after.status !== 'committed') return undefined;
  if (before.status === 'resolved' && after.redoCount > before.redoCount) return { kind: 'redo', date };
  if (before.status === 'routed' || before.status === 'submitted') return { kind: 'signedFor', date };
  return undefined;
}

/** One mail per language among the enterprise's contacts, linking to its portal (or without a link, if it has none). */
export async function tellEnterprise(
  deps: Pick<Deps, 'db' | 'clock' | 'links' | 'mailer'>,
  need: Need,
  notice: EnterpriseNotice,
): Promise<void> {
  const enterprise = await getEnterprise(deps.db, need.enterpriseId);
  if (!enterprise) return;
  const url = enterprise.portalKey ? portalLink(deps, enterprise) : undefined;
  const contacts = enterprise.contacts;
  for (const [locale, group] of byLocale(contacts)) {
    const to = group.map(recipientOf);
    await sendOrQueue(
      deps,
      needUpdateMail({ locale, to, need, notice, url: url && locale === 'en' ? `${url}&lang=en` : url }),
    );
  }
}
