import { cadenceOf } from '../../config/config.ts';
import type { Deps } from '../../deps.ts';
import { plan } from '../../domain/cadence.ts';
import { managersOf } from '../../domain/organisation.ts';
import { workingDaysOverdue } from '../../domain/schedule.ts';
import type { Mail } from '../../mail/mailer.ts';
import { sendToStaff } from '../../mail/office-hours.ts';
import { actingFor, actingHeads } from '../../organisation/substitute.ts';
import { getNeed, needNotifiedItem } from '../../store/needs.ts';
import { listStaff } from '../../store/organisation.ts';
import { workflowAudit } from '../../workflows/audit.ts';
import { shouldContinueAsNew, waitSeconds } from '../../workflows/loop.ts';
import { notifyAndRecord } from '../../workflows/notify.ts';
import { needHandleLink } from '../links.ts';
import { needEscalationMail, needReminderMail } from '../mail.tsx';
import { closeUnrated } from '../rating.ts';
import { phaseOf } from '../rules.ts';
import { phaseStart } from './open-step.ts';
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
  if (shouldContinueAsNew(state, now)) return { ...next, open: true, continueAsNew: true };
  const phase = phaseOf(need);
  const due = need.dueAt ?? now.toISOString();
  if (phase === 'rating') {
    if (now.toISOString() >= due) {
      await closeUnrated(deps, { enterpriseId: need.enterpriseId, needId: need.id });
      return { ...next, open: false };
    }
    return { ...next, open: true, continueAsNew: false, waitSeconds: waitSeconds(state, new Date(due), now) };
  }
  const p = plan(
    deps.calendar,
    cadenceOf(deps.config),
    { dueAt: due, openedAt: phaseStart(need), notified: need.notified },
    now,
  );
  if (p.send.length) {
    const staff = await listStaff(deps.db);
    const today = deps.calendar.localDate(now);
    // A substitute acts for an owner or head who is away.
    const owner = actingFor(staff, need.ownerId, today);
    const managers = managersOf(staff);
    const dueDate = deps.calendar.localDate(new Date(due));
    const days = workingDaysOverdue(deps.calendar, new Date(due), now);
    for (const n of p.send) {
      const mails: Mail[] = [];
      // Owners are reminded of sign-for and answers; managers of re-routing and decisions.
      const remindees = phase === 'signFor' || phase === 'answer' ? (owner ? [owner] : []) : managers;
      if (n.kind === 'before' || n.kind === 'due' || n.kind === 'overdue') {
        // Those who chose the daily digest find the reminder there instead.
        for (const r of remindees.filter((x) => !x.digest?.daily)) {
          mails.push(
            needReminderMail({
              locale: r.locale,
              to: r.email,
              name: r.name,
              need,
              phase,
              due: dueDate,
              when: n.kind,
              url: needHandleLink(deps, need, r.id),
            }),
          );
        }
      } else {
        const heads = actingHeads(staff, need.ownerDepartmentId, today);
        const to = n.kind === 'head' && heads.length ? heads : managers;
        for (const r of to) {
          mails.push(
            needEscalationMail({
              locale: r.locale,
              to: [r.email],
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
          needNotifiedItem(deps.db, need, n.key),
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
  return { ...next, open: true, continueAsNew: false, waitSeconds: waitSeconds(state, p.next, now) };
}
