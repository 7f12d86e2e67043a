import type { Deps } from '../../deps.ts';
import { approversOf } from '../../domain/approval.ts';
import { managersOf } from '../../domain/organisation.ts';
import type { Need } from '../../domain/work-item.ts';
import { byLocale } from '../../i18n/i18n.ts';
import type { Mail } from '../../mail/mailer.ts';
import { sendOrQueue, sendToStaff } from '../../mail/office-hours.ts';
import { recipientOf } from '../../notify/channel.ts';
import { actingFor } from '../../organisation/substitute.ts';
import { getEnterprise } from '../../store/enterprises.ts';
import { listStaffForMessages } from '../../store/organisation.ts';
import { needHandleLink, needRateLink } from '../links.ts';
import {
  needExtensionDecidedMail,
  needManagerMail,
  needOwnerMail,
  needRateMail,
  needRedoMail,
} from '../mail.tsx';
import type { NeedPhase } from '../rules.ts';

type NotifyDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'links' | 'mailer'>;

/** Tell whoever must act now that it is their turn, each with their own link. */
export async function announcePhase(deps: NotifyDeps, need: Need, phase: NeedPhase): Promise<void> {
  const due = need.dueAt ? deps.calendar.localDate(new Date(need.dueAt)) : '';
  const mails: Mail[] = [];
  if (phase === 'signFor' || phase === 'answer') {
    const owner = actingFor(
      await listStaffForMessages(deps.db),
      need.ownerId,
      deps.calendar.localDate(deps.clock.now()),
    );
    if (owner) {
      // A redo says so, with what the enterprise said it was unsatisfied with.
      const redo = phase === 'answer' && need.redoCount > 0 && need.rating === 'unsatisfied';
      mails.push(
        (redo ? needRedoMail : needOwnerMail)({
          locale: owner.locale,
          to: recipientOf(owner),
          name: owner.name,
          need,
          phase,
          due,
          url: needHandleLink(deps, need, owner.id),
        }),
      );
    }
  } else if (phase === 'rating') {
    const enterprise = await getEnterprise(deps.db, need.enterpriseId);
    // One mail per language among the contacts.
    const contacts = enterprise?.contacts ?? [];
    for (const [locale, group] of byLocale(contacts)) {
      const to = group.map(recipientOf);
      mails.push(needRateMail({ locale, to, need, due, url: needRateLink(deps, need) }));
    }
  } else if (phase === 'reroute' || phase === 'decide' || phase === 'revisit') {
    // The return visit is independent: never asked of the need's own owner.
    const managers = managersOf(await listStaffForMessages(deps.db)).filter(
      (m) => phase !== 'revisit' || m.id !== need.ownerId,
    );
    for (const m of managers) {
      const why = phase === 'reroute' ? 'returned' : phase === 'decide' ? 'escalated' : 'revisit';
      mails.push(
        needManagerMail({
          locale: m.locale,
          to: [recipientOf(m)],
          name: m.name,
          need,
          why,
          url: needHandleLink(deps, need, m.id),
        }),
      );
    }
  }
  // The enterprise's rating request goes at once; staff mail waits for office hours.
  for (const mail of mails) await (phase === 'rating' ? sendOrQueue(deps, mail) : sendToStaff(deps, mail));
}

/**
 * Ask whoever decides on the extension — the owner's department head, or the managers when the requester is a head
 * (`approversOf`) — never the requester.
 */
export async function notifyExtensionApprovers(deps: NotifyDeps, need: Need): Promise<void> {
  const staff = await listStaffForMessages(deps.db);
  const requester = staff.find((s) => s.id === need.extension?.requestedBy);
  const today = deps.calendar.localDate(deps.clock.now());
  for (const a of approversOf(staff, requester, need.ownerDepartmentId, today)) {
    await sendToStaff(
      deps,
      needManagerMail({
        locale: a.locale,
        to: [recipientOf(a)],
        name: a.name,
        need,
        why: 'extension',
        url: needHandleLink(deps, need, a.id),
      }),
    );
  }
}

/** Tell whoever asked for more time what was decided (approved: the new date), with their link to the need. */
export async function notifyExtensionRequester(deps: NotifyDeps, need: Need): Promise<void> {
  const extension = need.extension;
  if (!extension?.requestedBy || extension.status === 'pending') return;
  const requester = (await listStaffForMessages(deps.db)).find(
    (s) => s.id === extension.requestedBy && s.active,
  );
  if (!requester) return;
  await sendToStaff(
    deps,
    needExtensionDecidedMail({
      locale: requester.locale,
      to: recipientOf(requester),
      name: requester.name,
      need,
      approved: extension.status === 'approved',
      url: needHandleLink(deps, need, requester.id),
    }),
  );
}
