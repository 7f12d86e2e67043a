import { cadenceOf } from '../../config/config.ts';
import type { Deps } from '../../deps.ts';
import { type Notification, plan } from '../../domain/cadence.ts';
import { type NeedPart, openParts } from '../../domain/need-part.ts';
import { managersOf, type Staff } from '../../domain/organisation.ts';
import { workingDaysOverdue } from '../../domain/schedule.ts';
import type { Need } from '../../domain/work-item.ts';
import { actingFor, actingHeads } from '../../organisation/substitute.ts';
import { partNotifiedItem, partsOf } from '../../store/need-parts.ts';
import { listStaffForMessages } from '../../store/organisation.ts';
import { workflowAudit } from '../../workflows/audit.ts';
import { notifyAndRecord } from '../../workflows/notify.ts';
import { tellAbout } from '../parts.ts';

/**
 * Each open part of a need (协办) runs on its own clock, with the cadence of every other clock: its owner is reminded
 * before, on and after its due date; then its department's head (over the owner) and the managers are told — and so
 * is the lead, who coordinates (首接负责) and cannot answer while the part is open.
 */
export async function chaseParts(deps: Deps, need: Need, now: Date): Promise<Date | undefined> {
  const parts = await openPartsOf(deps, need);
  if (!parts.length) return undefined;
  const staff = await listStaffForMessages(deps.db);
  const today = deps.calendar.localDate(now);
  let next: Date | undefined;
  for (const part of parts) {
    const p = partPlan(deps, part, now);
    const days = workingDaysOverdue(deps.calendar, new Date(part.dueAt), now);
    for (const n of p.send) {
      const escalation = n.kind === 'head' || n.kind === 'managers';
      await notifyAndRecord(deps.db, {
        send: () => tellAbout(deps, n.kind, part, recipients(staff, need, part, n, today), days),
        metric: escalation ? 'NeedEscalation' : 'NeedReminder',
        record: [
          partNotifiedItem(deps.db, part, n.key),
          workflowAudit(deps.db, now, {
            action: escalation ? 'need.partEscalated' : 'need.partNotified',
            enterpriseId: need.enterpriseId,
            subject: { kind: 'need', id: need.id },
            details: { partId: part.id, departmentId: part.departmentId, kind: n.kind, key: n.key },
          }),
        ],
      });
    }
    next = earliest(next, p.next);
  }
  return next;
}

/** When the need's wait should time out for its parts: at once if a notice is due and unsent, else the next one. */
export async function partsWake(deps: Deps, need: Need, now: Date): Promise<Date | undefined> {
  let next: Date | undefined;
  for (const part of await openPartsOf(deps, need)) {
    const p = partPlan(deps, part, now);
    if (p.send.length) return now;
    next = earliest(next, p.next);
  }
  return next;
}

/** The earlier of two wake-ups (either may be missing). */
export const earliest = (a: Date | undefined, b: Date | undefined) =>
  !a ? b : !b ? a : a.getTime() <= b.getTime() ? a : b;

/** The need's open parts, read only when its summary says it has some (one query on its sort-key range). */
async function openPartsOf(deps: Deps, need: Need): Promise<NeedPart[]> {
  if (!openParts(need).length) return [];
  return (await partsOf(deps.db, need.enterpriseId, need.id)).filter((p) => p.status === 'open');
}

const partPlan = (deps: Deps, part: NeedPart, now: Date) =>
  plan(
    deps.calendar,
    cadenceOf(deps.config),
    { id: part.id, dueAt: part.dueAt, openedAt: part.askedAt, notified: part.notified },
    now,
  );

/**
 * Who hears of a part's notice: its owner (acting) is reminded; an escalation goes over them to their department's
 * heads (the managers when it has no other), and the managers' one also to the lead.
 */
function recipients(staff: Staff[], need: Need, part: NeedPart, n: Notification, today: string): Staff[] {
  const owner = actingFor(staff, part.ownerId, today);
  if (n.kind === 'before' || n.kind === 'due' || n.kind === 'overdue') return owner ? [owner] : [];
  const managers = managersOf(staff).filter((m) => m.id !== owner?.id);
  const heads = actingHeads(staff, part.departmentId, today).filter((h) => h.id !== owner?.id);
  const lead = actingFor(staff, need.ownerId, today);
  const to = n.kind === 'head' && heads.length ? heads : [...managers, ...(lead ? [lead] : [])];
  return [...new Map(to.map((s) => [s.id, s])).values()];
}
