import { DateTime } from 'luxon';
import { ZONE } from '#shared/calendar/working-days.ts';
import type { AuditEvent } from '#shared/domain/audit.ts';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import type { Light } from '#shared/domain/schedule.ts';
import { type MoveSummary, NEED_CATEGORIES, type Task } from '#shared/domain/work-item.ts';
import { fieldMessage, type Translate } from '#shared/i18n/i18n.ts';
import { taskItemLabel } from '#shared/lifecycle/mail.tsx';
import { moveStateKey } from '#shared/lifecycle/move-rules.ts';
import type { TopicSources } from '#shared/lifecycle/timeline.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, errorFor, Field, FormErrors, Select, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { Notice, shanghaiTime, Timeline } from '../ui/parts.tsx';
import { FundsReportLink } from './funds-parts.view.tsx';

export interface TaskPageProps {
  ctx: ViewContext;
  task: Task;
  enterprise: Enterprise;
  officerName: string;
  light: Light;
  dueDate: string;
  history: AuditEvent[];
  /** The enterprise's tasks, so the history says which milestone or approval each entry is about. */
  topics?: TopicSources;
  /** A completed task: the name of whoever reported it (the officer, or the substitute who acted for them). */
  completedBy?: string;
  token: string;
  values?: Values;
  errors?: FieldError[];
  notice?: string;
}

/** A stored instant as the date it falls on in Shanghai. */
export const shanghaiDate = (iso: string) =>
  DateTime.fromISO(iso, { zone: ZONE }).toISODate() ?? iso.slice(0, 10);

/** A task's latest request to move its due date, and what became of it. */
export function MoveState(props: { t: Translate; move: MoveSummary }) {
  const { t, move } = props;
  return (
    <section class="card">
      <h2>{t('task.move.title')}</h2>
      <p>
        {t('task.move.summary', {
          from: shanghaiDate(move.from),
          to: shanghaiDate(move.to),
          state: t(moveStateKey(move)),
        })}
      </p>
      <p class="muted">{t('task.move.reason', { reason: move.reason })}</p>
    </section>
  );
}

/** What an officer can report on a task of each kind: its own outcome first, then a progress request or a blocker. */
export const OUTCOMES = {
  followUp: ['followUp', 'progress', 'blocker'],
  tracking: ['milestone', 'progress', 'blocker'],
  approval: ['approved', 'progress', 'blocker'],
  visit: ['visit', 'progress', 'blocker'],
} as const satisfies Record<Task['kind'], readonly string[]>;
export type Outcome = (typeof OUTCOMES)[Task['kind']][number];

/** An outcome's name on the page: the milestone or approval by its name (已完成「开工建设」, 已取得「规划许可」). */
function outcomeLabel(t: Translate, task: Task, outcome: Outcome): string {
  switch (outcome) {
    case 'milestone':
      return task.milestone
        ? t('task.outcome.milestoneNamed', { milestone: t(`milestone.${task.milestone}`) })
        : t('task.outcome.milestone');
    case 'approved':
      return t('task.outcome.approved', { approval: task.approval ? t(`approval.${task.approval}`) : '' });
    default:
      return t(`task.outcome.${outcome}`);
  }
}

/** The officer's page for one task, opened from the emailed link on a phone: what is due, and the report form. */
/** Why a task was cancelled, as the system records it (`cause`, or an older record's code in `cancelled`). */
const CANCEL_CAUSES = ['signed', 'exited', 'closed'] as const;

/**
 * A cancelled task's explanation in words: the message key for why (the project was signed — the talks' follow-up
 * ends —, stopped, or its service ended; a generic one otherwise), and the reason someone gave, if any. Never a raw
 * code such as `signed` on the page.
 */
export function cancelledWords(completion: Record<string, unknown> | undefined): {
  key: 'task.cancelled' | `task.cancelled.${'signed' | 'exited' | 'other'}`;
  reason?: string;
} {
  const c = completion ?? {};
  const code = (v: unknown) =>
    typeof v === 'string' && (CANCEL_CAUSES as readonly string[]).includes(v)
      ? (v as (typeof CANCEL_CAUSES)[number])
      : undefined;
  const cause = code(c.cause) ?? code(c.cancelled);
  const reason = typeof c.cancelled === 'string' && !code(c.cancelled) ? c.cancelled : undefined;
  const key =
    cause === 'closed'
      ? ('task.cancelled' as const)
      : cause === 'signed'
        ? ('task.cancelled.signed' as const)
        : cause === 'exited'
          ? ('task.cancelled.exited' as const)
          : ('task.cancelled.other' as const);
  return reason ? { key, reason } : { key };
}

function Cancelled(props: { t: TaskPageProps['ctx']['t']; completion: Record<string, unknown> | undefined }) {
  const words = cancelledWords(props.completion);
  return (
    <div class="notice" role="status">
      <p>{props.t(words.key)}</p>
      {words.reason ? <p class="muted">{props.t('task.cancelledReason', { reason: words.reason })}</p> : null}
    </div>
  );
}

/** A phone number as a link that dials it (on a phone) — the stored digits, as they are dialled. */
export function PhoneLink(props: { phone: string }) {
  return <a href={`tel:${props.phone}`}>{props.phone}</a>;
}

/** The enterprise's contacts, each with their title and phone to call (in a <dl>: the enterprise and task pages). */
export function EnterpriseContacts(props: { t: Translate; contacts: Enterprise['contacts'] }) {
  if (!props.contacts?.length) return null;
  return (
    <>
      <dt>{props.t('enterprise.contact')}</dt>
      {props.contacts.map((c) => (
        <dd data-contact>
          {c.name}
          {c.title ? `（${c.title}）` : ''} <PhoneLink phone={c.phone} />
        </dd>
      ))}
    </>
  );
}

export function TaskPage(props: TaskPageProps) {
  const { ctx, task, enterprise } = props;
  const { t } = ctx;
  const outcomeError = errorFor(props.errors, 'outcome');
  return (
    <Layout ctx={ctx} title={t('task.page.title')}>
      <Notice text={props.notice} />
      <h1>{enterprise.name}</h1>
      {task.status === 'completed' ? <Completed t={t} task={task} by={props.completedBy} /> : null}
      {task.status === 'cancelled' ? <Cancelled t={t} completion={task.completion} /> : null}
      <dl class="card">
        <dt>{t('task.page.title')}</dt>
        <dd>{taskItemLabel(t, task)}</dd>
        <dt>{t('enterprise.stage')}</dt>
        <dd>{t(`stage.${enterprise.stage}`)}</dd>
        <dt>{t('task.page.due')}</dt>
        <dd>
          <time datetime={task.dueAt}>{props.dueDate}</time>{' '}
          {task.status === 'open' ? (
            <span class={`light ${props.light}`}>{t(`light.${props.light}`)}</span>
          ) : null}
        </dd>
        <dt>{t('task.page.officer')}</dt>
        <dd>{props.officerName}</dd>
        <EnterpriseContacts t={t} contacts={enterprise.contacts} />
      </dl>
      {task.status === 'open' ? (
        <section class="card">
          <h2>{t('task.page.report')}</h2>
          <FormErrors t={t} errors={props.errors} />
          {outcomeError ? (
            <p class="field-error" role="alert">
              {fieldMessage(t, outcomeError)}
            </p>
          ) : null}
          <p class="muted">{t('task.outcome.choose')}</p>
          {/*
            One outcome at a time, without JavaScript: each outcome its own <details> with its own form and submit;
            the shared `name` makes them one exclusive group (opening one closes the others).
          */}
          {OUTCOMES[task.kind].map((o) => (
            <details
              name="outcome-choice"
              open={props.values?.outcome === o}
              data-outcome={o}
              class="outcome"
            >
              <summary>{outcomeLabel(t, task, o)}</summary>
              <form method="post" action="/task" novalidate>
                <Csrf token={ctx.csrf} />
                <input type="hidden" name="t" value={props.token} />
                <input type="hidden" name="outcome" value={o} />
                <OutcomeFields {...props} outcome={o} />
                <p>
                  <button type="submit">{t('task.submit')}</button>
                </p>
              </form>
            </details>
          ))}
          {task.kind === 'followUp' ? (
            <p>
              <a href={`/console/enterprises/${enterprise.id}`}>{t('task.followUp.signing')}</a>
            </p>
          ) : null}
        </section>
      ) : null}
      {/* A request left pending when the task closed is moot: not shown as awaiting approval. */}
      {task.move && (task.status === 'open' || task.move.status !== 'pending') ? (
        <MoveState t={t} move={task.move} />
      ) : null}
      <h2>{t('task.page.history')}</h2>
      <Timeline t={t} events={props.history} topics={props.topics} />
    </Layout>
  );
}

/** The fields of one outcome's form (their names are `<outcome>.<field>`, as the report route reads them). */
function OutcomeFields(props: TaskPageProps & { outcome: Outcome }) {
  const { task, outcome } = props;
  const { t } = props.ctx;
  const common = {
    t,
    values: props.values?.outcome === outcome ? props.values : undefined,
    errors: props.errors,
  };
  switch (outcome) {
    case 'milestone':
      return (
        <>
          <p class="muted">{t('task.outcome.milestone.hintDate')}</p>
          <Field {...common} name="milestone.actualDate" type="date" label={t('task.field.actualDate')} />
          <FundsReportLink
            t={t}
            enterpriseId={task.enterpriseId}
            name="milestone.fundsInPlace"
            errors={props.errors}
          />
          <Field {...common} name="milestone.notes" multiline label={t('task.field.notes')} />
        </>
      );
    case 'approved':
      return (
        <>
          <p class="muted">{t('task.outcome.approved.hint')}</p>
          <Field {...common} name="approved.approvedDate" type="date" label={t('task.field.approvedDate')} />
          <Field {...common} name="approved.notes" multiline label={t('task.field.notes')} />
        </>
      );
    case 'followUp':
      return (
        <>
          <p class="muted">{t('task.outcome.followUp.hint')}</p>
          <Field {...common} name="followUp.notes" multiline label={t('task.field.followUpNotes')} />
          <Field {...common} name="followUp.nextDate" type="date" label={t('task.field.nextDate')} />
        </>
      );
    case 'visit':
      return (
        <>
          {task.notBefore ? <p class="muted">{t('visit.notBefore', { date: task.notBefore })}</p> : null}
          <Field {...common} name="visit.visitDate" type="date" label={t('task.field.visitDate')} />
          <Field {...common} name="visit.notes" multiline label={t('task.field.notes')} />
          <FundsReportLink
            t={t}
            enterpriseId={task.enterpriseId}
            name="visit.fundsInPlace"
            errors={props.errors}
          />
        </>
      );
    case 'progress':
      return (
        <>
          <p class="muted">{t('task.outcome.progress.hint')}</p>
          <Field {...common} name="progress.expectedDate" type="date" label={t('task.field.expectedDate')} />
          <Field {...common} name="progress.reason" label={t('task.field.reason')} />
        </>
      );
    case 'blocker':
      return (
        <>
          <p class="muted">
            {task.kind === 'approval' && task.approval
              ? t('task.outcome.blocker.approvalHint', { approval: t(`approval.${task.approval}`) })
              : t('task.outcome.blocker.hint')}
          </p>
          <Select
            {...common}
            name="blocker.category"
            label={t('task.field.category')}
            options={NEED_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
          />
          <Field {...common} name="blocker.title" label={t('task.field.title')} />
          <Field {...common} name="blocker.description" multiline label={t('task.field.description')} />
        </>
      );
  }
}

/** A completed task: when (Shanghai time) and by whom, and what was reported — instead of a form. */
function Completed(props: { t: Translate; task: Task; by?: string }) {
  const { t, task } = props;
  const c = task.completion ?? {};
  const text = (key: string) =>
    typeof c[key] === 'string' || typeof c[key] === 'number' ? String(c[key]) : undefined;
  const outcome = text('outcome');
  const known =
    outcome && (OUTCOMES[task.kind] as readonly string[]).includes(outcome)
      ? (outcome as Outcome)
      : undefined;
  const rows: [string, string | undefined][] = [
    [t('task.reported.outcome'), known ? outcomeLabel(t, task, known) : undefined],
    [t('task.field.actualDate'), text('actualDate')],
    [t('task.field.approvedDate'), text('approvedDate')],
    [t('task.field.visitDate'), text('visitDate')],
    [t('task.field.fundsInPlace'), text('fundsInPlace')],
    [known === 'followUp' ? t('task.field.followUpNotes') : t('task.field.notes'), text('notes')],
    [t('task.field.nextDate'), text('nextDate')],
  ];
  return (
    <section class="card" data-completed>
      <p class="notice" role="status">
        {task.completedAt
          ? t('task.completedBy', { at: shanghaiTime(task.completedAt), name: props.by ?? '—' })
          : t('task.already')}
      </p>
      <h2>{t('task.reported')}</h2>
      <dl>
        {rows
          .filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '')
          .map(([label, value]) => (
            <>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </>
          ))}
      </dl>
    </section>
  );
}
