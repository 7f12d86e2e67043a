import { cadenceOf } from '../../config/config.ts';
import type { Deps } from '../../deps.ts';
import { escalationsToSend, plan, reminderKindNow, settledBy } from '../../domain/cadence.ts';
import { managersOf, type Staff } from '../../domain/organisation.ts';
import { workingDaysOverdue } from '../../domain/schedule.ts';
import type { Need } from '../../domain/work-item.ts';
import type { Mail } from '../../mail/mailer.ts';
import { sendToStaff } from '../../mail/office-hours.ts';
import { recipientOf } from '../../notify/channel.ts';
import { actingFor, actingHeads } from '../../organisation/substitute.ts';
import { getNeed, needNotifiedItem } from '../../store/needs.ts';
import { listStaffForMessages } from '../../store/organisation.ts';
import { workflowAudit } from '../../workflows/audit.ts';
import { shouldContinueAsNew, waitSeconds } from '../../workflows/loop.ts';
import { notifyAndRecord } from '../../workflows/notify.ts';
import { needHandleLink } from '../links.ts';
import { needEscalationMail, needFirstContactMail, needReminderMail } from '../mail.tsx';
import { REVISIT_GRACE_WORKING_DAYS } from '../outcome.ts';
import { closeUnrated } from '../rating.ts';
import { closeUnvisited } from '../revisit.ts';
import { firstContactPlan, phaseOf } from '../rules.ts';
import { phaseStart, withFirstContact } from './open-step.ts';
import { chaseParts, earliest } from './parts.ts';
import { type NeedState, NeedState as Schema } from './state.ts';

/**
 * A need's wait timed out: remind whoever must act, escalate when late (the owner's department head, then the
 * managers), or — when the enterprise did not rate in time — close the need unrated.
 */
export async function needRemindStep(deps: Deps, input: unknown): Promise<NeedState> {
  const state = Schema.parse(input);
  const now = deps.clock.now();
  const next = { ...state, cycles: state.cycles + 1 };
  const need = await getNeed(deps.db, state.enterpriseId, state.needId);
  if (!need || need.status !== state.status) return { ...next, open: false };
  // Continuing as new comes after what is due now is done (the new execution plans only from now on).
  const old = shouldContinueAsNew(state, now);
  const phase = phaseOf(need);
  const due = need.dueAt ?? now.toISOString();
  if (phase === 'rating') {
    if (now.toISOString() >= due) {
      await closeUnrated(deps, { enterpriseId: need.enterpriseId, needId: need.id });
      return { ...next, open: false };
    }
    if (old) return { ...next, open: true, continueAsNew: true };
    return { ...next, open: true, continueAsNew: false, waitSeconds: waitSeconds(state, new Date(due), now) };
  }
  // A return visit nobody made, long after it was due, ends the need unvisited (counted as such), never open for ever.
  if (
    phase === 'revisit' &&
    workingDaysOverdue(deps.calendar, new Date(due), now) >= REVISIT_GRACE_WORKING_DAYS
  ) {
    await closeUnvisited(deps, { enterpriseId: need.enterpriseId, needId: need.id });
    return { ...next, open: false };
  }
  const p = plan(
    deps.calendar,
    cadenceOf(deps.config),
    { id: need.id, dueAt: due, openedAt: phaseStart(need), notified: need.notified },
    now,
  );
  const sentNow = await chaseFirstContact(deps, need, now);
  // Each part asked of an assisting department (协办) has its own clock, chased here too.
  const partsNext = await chaseParts(deps, need, now);
  if (p.send.length) {
    const staff = await listStaffForMessages(deps.db);
    const today = deps.calendar.localDate(now);
    // A substitute acts for an owner or head who is away.
    const owner = actingFor(staff, need.ownerId, today);
    const managers = managersOf(staff);
    const dueDate = deps.calendar.localDate(new Date(due));
    const days = workingDaysOverdue(deps.calendar, new Date(due), now);
    // With no head over the owner (a head owns the need) or on a return visit, the head escalation already went to
    // the managers: their own is not sent as a second 【督办】 about the same need.
    // An escalation goes over the owner's head, never back to the owner (a head who owns the need, a manager whose
    // own return visit is due): with no other head, to the managers.
    const over = overOwner(staff, need, today);
    const headless = phase === 'revisit' || over.heads.length === 0;
    for (const n of escalationsToSend(p.send, headless)) {
      const mails: Mail[] = [];
      // Owners are reminded of sign-for and answers; managers of re-routing and decisions.
      // The return visit is never the owner's own: they are not reminded of it.
      const remindees =
        phase === 'signFor' || phase === 'answer'
          ? owner
            ? [owner]
            : []
          : managers.filter((m) => phase !== 'revisit' || m.id !== need.ownerId);
      if (n.kind === 'before' || n.kind === 'due' || n.kind === 'overdue') {
        // Those who chose the daily digest find the reminder there instead.
        for (const r of remindees.filter((x) => !x.digest?.daily)) {
          mails.push(
            needReminderMail({
              locale: r.locale,
              to: recipientOf(r),
              name: r.name,
              need,
              phase,
              due: dueDate,
              when: reminderKindNow(deps.calendar, n.kind, new Date(due), now),
              url: needHandleLink(deps, need, r.id),
            }),
          );
        }
      } else {
        const to = headless || n.kind !== 'head' ? over.managers : over.heads;
        for (const r of to) {
          mails.push(
            needEscalationMail({
              locale: r.locale,
              to: [recipientOf(r)],
              name: r.name,
              need,
              phase,
              due: dueDate,
              days,
              url: needHandleLink(deps, need, r.id),
            }),
          );
        }
      }
      await notifyAndRecord(deps.db, {
        send: async () => {
          for (const mail of mails) await sendToStaff(deps, mail);
        },
        metric: n.kind === 'head' || n.kind === 'managers' ? 'NeedEscalation' : 'NeedReminder',
        record: [
          needNotifiedItem(deps.db, need, n.key, settledBy(n, headless)),
          workflowAudit(deps.db, now, {
            action: n.kind === 'head' || n.kind === 'managers' ? 'need.escalated' : 'need.notified',
            enterpriseId: need.enterpriseId,
            subject: { kind: 'need', id: need.id },
            details: { kind: n.kind, key: n.key, phase },
          }),
        ],
      });
    }
  }
  // What was just sent is recorded: plan the next wake-up from the need as if read again.
  if (old) return { ...next, open: true, continueAsNew: true };
  const after = { ...need, notified: [...need.notified, ...sentNow] };
  return {
    ...next,
    open: true,
    continueAsNew: false,
    waitSeconds: waitSeconds(
      state,
      earliest(withFirstContact(deps, after, p.next, now), partsNext) ?? p.next,
      now,
    ),
  };
}

/**
 * An urgent need whose first contact (先行联系) is late: remind the owner at the deadline, then tell the department
 * head (or the managers, when it has none acting) and the managers; each notice once, recorded with an audit event.
 */
async function chaseFirstContact(deps: Deps, need: Need, now: Date): Promise<string[]> {
  const { send } = firstContactPlan(deps.calendar, need, now);
  if (!send.length) return [];
  const staff = await listStaffForMessages(deps.db);
  const today = deps.calendar.localDate(now);
  const owner = actingFor(staff, need.ownerId, today);
  // Over the owner's head, never back to the owner (a head who owns the need): with no other head, the managers.
  const { heads, managers } = overOwner(staff, need, today);
  const deadline = new Date(need.firstContactBy ?? now);
  const by = `${deps.calendar.localDate(deadline)} ${deps.calendar.localTime(deadline)}`;
  const headless = heads.length === 0;
  for (const n of escalationsToSend(send, headless)) {
    const to =
      n.kind === 'due' ? (owner ? [owner] : []) : n.kind === 'head' && heads.length ? heads : managers;
    const mails = to.map((r) =>
      needFirstContactMail({
        locale: r.locale,
        to: [recipientOf(r)],
        name: r.name,
        need,
        kind: n.kind,
        by,
        url: needHandleLink(deps, need, r.id),
      }),
    );
    const escalation = n.kind !== 'due';
    await notifyAndRecord(deps.db, {
      send: async () => {
        for (const mail of mails) await sendToStaff(deps, mail);
      },
      metric: escalation ? 'NeedEscalation' : 'NeedReminder',
      record: [
        needNotifiedItem(deps.db, need, n.key, settledBy(n, headless)),
        workflowAudit(deps.db, now, {
          action: escalation ? 'need.escalated' : 'need.notified',
          enterpriseId: need.enterpriseId,
          subject: { kind: 'need', id: need.id },
          details: { kind: n.kind, key: n.key, phase: 'firstContact' },
        }),
      ],
    });
  }
  // What is recorded now, settled ones included: the next wake-up is planned from it.
  return send.flatMap((n) => [n.key, ...settledBy(n, headless)]);
}

/**
 * Whom an escalation goes to: over the owner's head, never back to the owner (a head who owns the need, a manager
 * whose own return visit is due) — the department's acting heads and the managers, the owner left out of both.
 */
function overOwner(staff: Staff[], need: Pick<Need, 'ownerId' | 'ownerDepartmentId'>, today: string) {
  return {
    heads: actingHeads(staff, need.ownerDepartmentId, today).filter((h) => h.id !== need.ownerId),
    managers: managersOf(staff).filter((m) => m.id !== need.ownerId),
  };
}
