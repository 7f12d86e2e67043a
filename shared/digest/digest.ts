import { itemLink, itemOwner } from '../board/board.ts';
import type { Deps } from '../deps.ts';
import type { Staff } from '../domain/organisation.ts';
import { trafficLight } from '../domain/schedule.ts';
import { translator } from '../i18n/i18n.ts';
import { taskItemLabel } from '../lifecycle/mail.tsx';
import { recipientOf } from '../notify/channel.ts';
import { type Pace, unpaced } from '../pace.ts';
import { type OpenItem, openItems } from '../store/board.ts';
import { digestSent, recordDigest } from '../store/digests.ts';
import { listStaffForMessages } from '../store/organisation.ts';
import { type DigestLine, digestMail } from './mail.tsx';

type DigestDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'mailer' | 'links' | 'config'>;

export const HEAD_DIGEST_AT = '09:00';

/** When a person's digest is due today: their chosen time, or 09:00 for a head (who always gets the red list). */
export function digestTime(person: Pick<Staff, 'role' | 'digest'>): string | undefined {
  if (person.digest?.daily) return person.digest.at;
  return person.role === 'departmentHead' ? (person.digest?.at ?? HEAD_DIGEST_AT) : undefined;
}

/**
 * Send the digests due by now, on a working day: each officer who chose one gets their items due within two working
 * days and overdue; each head also gets the department's overdue items. Sent, then recorded: a crash in between may
 * repeat one digest, never lose it. Nothing is sent when there is nothing to list.
 */
export async function sendDigests(deps: DigestDeps, pace: Pace = unpaced): Promise<{ sent: number }> {
  const now = deps.clock.now();
  const today = deps.calendar.localDate(now);
  if (!deps.calendar.isWorkingDay(today)) return { sent: 0 };
  const time = deps.calendar.localTime(now);
  const staff = await listStaffForMessages(deps.db);
  const names = new Map(staff.map((s) => [s.id, s.name]));
  const horizon = deps.calendar.closeOfBusiness(deps.calendar.addWorkingDays(today, 2)).toISOString();
  const line = (item: OpenItem, recipient: Staff, owner?: boolean): DigestLine => {
    const t = translator(recipient.locale ?? 'zh-CN');
    const due = new Date(item.dueAt ?? now.toISOString());
    const url = owner
      ? new URL(`/console/enterprises/${item.enterpriseId}`, deps.config.BASE_URL).toString()
      : itemLink(deps, item, recipient.id);
    return {
      light: trafficLight(deps.calendar, due, now),
      due: deps.calendar.localDate(due),
      item:
        item.itemType === 'task'
          ? taskItemLabel(t, item)
          : item.itemType === 'part'
            ? t('board.part', { title: item.needTitle })
            : item.title,
      enterprise: item.enterpriseName,
      owner: owner ? names.get(itemOwner(item)) : undefined,
      url,
    };
  };

  let sent = 0;
  for (const person of staff) {
    const at = digestTime(person);
    if (!person.active || !at || time < at || (await digestSent(deps.db, person.id, today))) continue;
    const mine = person.digest?.daily
      ? (await openItems(deps.db, { kind: 'officer', id: person.id }, { dueBefore: horizon, limit: 200 }))
          .items
      : [];
    const department =
      person.role === 'departmentHead'
        ? (
            await openItems(
              deps.db,
              { kind: 'department', id: person.departmentId },
              { dueBefore: now.toISOString(), limit: 200 },
            )
          ).items
        : [];
    if (mine.length + department.length > 0) {
      // Out of time at the pace: the rest are not recorded, so the next run sends them.
      if (!(await pace())) break;
      await deps.mailer.send(
        digestMail({
          locale: person.locale ?? 'zh-CN',
          to: recipientOf(person),
          name: person.name,
          date: today,
          mine: mine.map((i) => line(i, person)),
          department: department.map((i) => line(i, person, true)),
        }),
      );
      sent++;
    }
    await recordDigest(deps.db, person.id, today, mine.length + department.length, now);
  }
  return { sent };
}
