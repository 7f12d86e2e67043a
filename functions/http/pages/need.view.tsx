import { dueLabel } from '#shared/calendar/due-label.ts';
import type { AuditEvent } from '#shared/domain/audit.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import type { Department } from '#shared/domain/organisation.ts';
import type { Need } from '#shared/domain/work-item.ts';
import { fieldMessage } from '#shared/i18n/i18n.ts';
import { phaseOf } from '#shared/needs/rules.ts';
import type { ViewContext } from '../ui/context.ts';
import { ChoiceError, Csrf, Field, FormErrors, Select, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { NeedSummary } from '../ui/need-summary.tsx';
import { departmentName, Notice, Timeline } from '../ui/parts.tsx';

/** A staff member's page for one need, from their emailed link: the need, and what they may do with it now. */
export function NeedPage(props: {
  ctx: ViewContext;
  need: Need;
  token: string;
  /** What the link holder may do: the owner's steps, and the managers' way out (`shared/auth/permissions.ts`). */
  may: {
    own: boolean;
    reroute: boolean;
    decide: boolean;
    decideExtension: boolean;
    /** false after the return window, or once a manager re-routed it (`returnRefusal`); `returnBy`: until when. */
    returnable?: boolean;
    returnBy?: string;
    /** The coordinator's way to send a need on to a department (`forwardNeed`). */
    forward?: boolean;
    /** The coordinator's return visit, and a manager's merge of a duplicate (`shared/needs/revisit.ts`, `merge.ts`). */
    revisit?: boolean;
    merge?: boolean;
  };
  departments: Department[];
  /** The 主办/协办 section (`need-parts.view.tsx`), when the need has parts or its lead may ask for one. */
  parts?: preact.ComponentChildren;
  history: AuditEvent[];
  values?: Values;
  errors?: FieldError[];
  notice?: string;
}) {
  const { ctx, need } = props;
  const { t } = ctx;
  const common = { t, values: props.values, errors: props.errors };
  const names = new Map(props.departments.map((d) => [d.id, departmentName(ctx, d)]));
  const choices = props.departments.map((d) => ({ value: d.id, label: departmentName(ctx, d) }));
  const form = (action: string, title: string, fields: preact.ComponentChildren) => (
    <form method="post" action="/need" class="card" novalidate>
      <h3>{title}</h3>
      <Csrf token={ctx.csrf} />
      <input type="hidden" name="t" value={props.token} />
      <input type="hidden" name="action" value={action} />
      {fields}
      <p>
        <button type="submit">{t('need.submitAction')}</button>
      </p>
    </form>
  );
  const open = ['routed', 'submitted', 'committed', 'signedFor'].includes(need.status);
  return (
    <Layout ctx={ctx} title={t('need.page.title')}>
      <Notice text={props.notice} />
      <h1>
        {need.enterpriseName}：{need.title}
      </h1>
      <div class="card">
        <NeedSummary
          t={t}
          need={need}
          ownerDepartment={names.get(need.ownerDepartmentId ?? '')}
          token={props.token}
        />
        <p>{need.description}</p>
        <p class="muted">
          {need.contactName} · {need.contactPhone} · {t('need.resolveBy')} {need.resolveBy}
        </p>
        <StepDue t={t} need={need} />
      </div>
      {(open || need.status === 'escalated') && need.redoCount > 0 && need.rating === 'unsatisfied' ? (
        <div class="card" data-redo={need.redoCount}>
          <h3>{t('need.redo', { n: need.redoCount })}</h3>
          <p>{t('need.redo.comment', { comment: need.ratingComment || t('need.redo.noComment') })}</p>
        </div>
      ) : null}
      {need.status === 'returned' && need.returnReason ? (
        <p class="card" data-returned>
          {t('need.returnReasonShown', { reason: need.returnReason })}
        </p>
      ) : null}
      <FormErrors t={t} errors={props.errors} />
      {/* A refused return (too late, after a final re-route) has no form left to show its reason's error under. */}
      {props.may.own && open && props.may.returnable !== false
        ? null
        : props.errors
            ?.filter((e) => e.path === 'reason')
            .map((e) => (
              <p class="notice error" role="alert" data-refused="return">
                {fieldMessage(t, e.message)}
              </p>
            ))}
      {open ? <ExtensionPart {...props} form={form} common={common} /> : null}
      {props.may.own &&
      (need.status === 'routed' || need.status === 'submitted') &&
      need.firstContactBy &&
      !need.firstContactAt
        ? form(
            'firstContact',
            t('need.firstContact'),
            <>
              <p class="muted">
                {t('need.firstContact.hint', { contact: `${need.contactName} ${need.contactPhone}` })}
              </p>
              <Field {...common} name="note" multiline label={t('need.firstContactNote')} />
            </>,
          )
        : null}
      {props.may.own && (need.status === 'routed' || need.status === 'submitted')
        ? form(
            'signFor',
            t('need.signFor'),
            <>
              <p class="muted">{t('need.signFor.hint', { resolveBy: need.resolveBy ?? '' })}</p>
              <Field {...common} name="committedDate" type="date" label={t('need.committedDate')} />
              <Select
                {...common}
                name="complexity"
                label={t('need.complexity')}
                options={(['simple', 'complex'] as const).map((c) => ({
                  value: c,
                  label: t(`need.complexity.${c}`),
                }))}
              />
            </>,
          )
        : null}
      {props.may.own && (need.status === 'committed' || need.status === 'signedFor')
        ? form(
            'resolve',
            t('need.resolve'),
            <Field {...common} name="answer" multiline label={t('need.answer')} />,
          )
        : null}
      {props.may.own && open && props.may.returnable !== false
        ? form(
            'return',
            t('need.return'),
            <>
              {props.may.returnBy ? (
                <p class="muted">{t('need.returnBy', { date: props.may.returnBy })}</p>
              ) : null}
              <Field {...common} name="reason" multiline label={t('need.returnReason')} />
            </>,
          )
        : null}
      {props.may.forward
        ? form(
            'forward',
            t('need.forward'),
            <Select {...common} name="departmentId" label={t('need.forward.department')} options={choices} />,
          )
        : null}
      {(props.may.reroute || props.may.decide) &&
      (need.status === 'returned' || need.status === 'escalated') ? (
        <>
          {props.may.reroute
            ? form(
                'reroute',
                t('need.reroute'),
                <Select {...common} name="departmentId" label={t('need.reroute')} options={choices} />,
              )
            : null}
          {props.may.decide
            ? form(
                'decide',
                t('need.decide'),
                <Field {...common} name="decision" multiline label={t('need.decision')} />,
              )
            : null}
        </>
      ) : null}
      <OutcomePart need={need} t={t} may={props.may} open={open} form={form} common={common} />
      {props.parts}
      <h2>{t('need.history')}</h2>
      <Timeline t={t} events={props.history} />
    </Layout>
  );
}

/**
 * How a need ends other than by a rated answer: the coordinator's return visit (回访), the owner's "outside our remit"
 * explanation, a manager's merge of a duplicate — and, once ended, what the visit found or where it was merged.
 */
function OutcomePart(props: {
  need: Need;
  t: ViewContext['t'];
  may: { own: boolean; revisit?: boolean; merge?: boolean };
  open: boolean;
  form: (action: string, title: string, fields: preact.ComponentChildren) => preact.JSX.Element;
  common: { t: ViewContext['t']; values?: Values; errors?: FieldError[] };
}) {
  const { need, t, common } = props;
  const yesNo = (name: string, legend: string) => (
    <fieldset>
      <legend>{legend}</legend>
      <label class="choice">
        <input type="radio" name={name} value="yes" /> {t('need.yes')}
      </label>
      <label class="choice">
        <input type="radio" name={name} value="no" /> {t('need.no')}
      </label>
      <ChoiceError t={t} errors={common.errors} name={name} />
    </fieldset>
  );
  return (
    <>
      {need.revisit ? (
        <p class="card" data-revisit>
          {t('need.revisited', {
            resolved: t(need.revisit.resolved ? 'need.revisited.resolved' : 'need.revisited.unresolved'),
            satisfied: t(need.revisit.satisfied ? 'need.revisited.satisfied' : 'need.revisited.unsatisfied'),
          })}
          {need.revisit.notes ? ` · ${need.revisit.notes}` : ''}
        </p>
      ) : null}
      {need.mergedInto ? <p class="card">{t('need.mergedInto', { ref: need.mergedInto.ref })}</p> : null}
      {props.may.revisit && need.status === 'revisit'
        ? props.form(
            'revisit',
            t('need.revisit'),
            <>
              <p class="muted">{t('need.revisit.hint')}</p>
              {yesNo('resolved', t('need.revisit.resolved'))}
              {yesNo('satisfied', t('need.revisit.satisfied'))}
              <Field {...common} name="notes" multiline label={t('need.revisit.notes')} />
            </>,
          )
        : null}
      {props.may.own && props.open
        ? props.form(
            'explain',
            t('need.explain'),
            <Field {...common} name="explanation" multiline label={t('need.explanation')} />,
          )
        : null}
      {props.may.merge
        ? props.form('merge', t('need.merge'), <Field {...common} name="into" label={t('need.mergeInto')} />)
        : null}
    </>
  );
}

/**
 * More time on an open need: the owner asks before the deadline, with a reason; the department head or a manager
 * (never the requester) decides, from the link in the mail they got.
 */
function ExtensionPart(props: {
  ctx: ViewContext;
  need: Need;
  may: { own: boolean; decideExtension: boolean };
  form: (action: string, title: string, fields: preact.ComponentChildren) => preact.JSX.Element;
  common: { t: ViewContext['t']; values?: Values; errors?: FieldError[] };
}) {
  const { need, common } = props;
  const { t } = props.ctx;
  const extension = need.extension;
  if (extension?.status === 'pending')
    return (
      <>
        <p class="card" data-extension="pending">
          {t('need.extension.pending', { to: extension.to, reason: extension.reason })}
        </p>
        {props.may.decideExtension
          ? props.form(
              'decideExtension',
              t('need.extension.decide'),
              <fieldset>
                <legend>{t('need.extension.decide')}</legend>
                <label class="choice">
                  <input type="radio" name="approve" value="yes" /> {t('need.extension.approve')}
                </label>
                <label class="choice">
                  <input type="radio" name="approve" value="no" /> {t('need.extension.refuse')}
                </label>
                <ChoiceError t={t} errors={props.common.errors} name="approve" />
              </fieldset>,
            )
          : null}
      </>
    );
  return (
    <>
      {extension ? (
        <p class="muted" data-extension={extension.status}>
          {t(`need.extension.${extension.status}`, { to: extension.to })}
        </p>
      ) : null}
      {props.may.own
        ? props.form(
            'extend',
            t('need.extend'),
            <>
              <p class="muted">{t('need.extension.none')}</p>
              <Field {...common} name="extendTo" type="date" label={t('need.extendTo')} />
              <Field {...common} name="extendReason" multiline label={t('need.extendReason')} />
            </>,
          )
        : null}
    </>
  );
}

/**
 * When the step the need waits for is due: the date alone at close of business, with the time otherwise — an urgent
 * need's sign-for is counted in working hours (`dueLabel`).
 */
function StepDue(props: { t: ViewContext['t']; need: Need }) {
  const { need } = props;
  const phase = phaseOf(need);
  if (!need.dueAt || phase === 'done') return null;
  return (
    <p class="muted" data-due={phase}>
      {props.t(`need.due.${phase}`)} <time datetime={need.dueAt}>{dueLabel(need.dueAt)}</time>
    </p>
  );
}

/** The enterprise's rating page, from the emailed link. */
export function RatePage(props: {
  ctx: ViewContext;
  need: Need;
  token: string;
  /** The owner department's name, in the reader's language (承办部门). */
  ownerDepartment?: string;
  errors?: FieldError[];
  notice?: string;
}) {
  const { ctx, need } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('rate.title')}>
      <Notice text={props.notice} />
      <h1>{t('rate.title')}</h1>
      <div class="card">
        <h2 data-need-title>{need.title}</h2>
        <NeedSummary t={t} need={need} ownerDepartment={props.ownerDepartment} />
      </div>
      {need.status === 'resolved' ? (
        <form method="post" action="/rate" class="card" novalidate>
          <FormErrors t={t} errors={props.errors} />
          <Csrf token={ctx.csrf} />
          <input type="hidden" name="t" value={props.token} />
          <fieldset>
            <legend>{t('rate.title')}</legend>
            {(['satisfied', 'basicallySatisfied', 'unsatisfied'] as const).map((r) => (
              <label class="choice">
                <input type="radio" name="rating" value={r} /> {t(`rate.${r}`)}
              </label>
            ))}
            <ChoiceError t={t} errors={props.errors} name="rating" />
          </fieldset>
          <Field t={t} name="comment" label={t('rate.comment')} />
          <p>
            <button type="submit">{t('rate.submit')}</button>
          </p>
        </form>
      ) : null}
    </Layout>
  );
}
