import type { AuditEvent } from '#shared/domain/audit.ts';
import { departmentNameIn } from '#shared/domain/organisation.ts';
import { isMessageKey, type Translate } from '#shared/i18n/i18n.ts';
import { type TopicSources, timelineTopic, topicLabel } from '#shared/lifecycle/timeline.ts';
import type { ViewContext } from './context.ts';

/** A department's name in the reader's language (its English name, where it has one, for English readers). */
export const departmentName = (ctx: Pick<ViewContext, 'locale'>, d: { name: string; nameEn?: string }) =>
  departmentNameIn(ctx.locale, d);

/**
 * People as a list to choose from: name and department, and their email where another on the list has the same name
 * and department (two 陈静 of 招商一局 could not be told apart).
 */
export function personOptions(
  people: { id: string; name: string; email: string; departmentId: string }[],
  departmentOf: (departmentId: string) => string,
): { value: string; label: string }[] {
  const key = (p: { name: string; departmentId: string }) => `${p.name}|${p.departmentId}`;
  const count = new Map<string, number>();
  for (const p of people) count.set(key(p), (count.get(key(p)) ?? 0) + 1);
  return people.map((p) => ({
    value: p.id,
    label: `${p.name} · ${departmentOf(p.departmentId)}${(count.get(key(p)) ?? 0) > 1 ? ` · ${p.email}` : ''}`,
  }));
}

/** A confirmation or status line at the top of a page; nothing when there is nothing to say. */
export function Notice(props: { text?: string }) {
  return props.text ? (
    <p class="notice" role="status">
      {props.text}
    </p>
  ) : null;
}

/** An instant as Shanghai's local date and time (YYYY-MM-DD HH:mm): how every time is shown. */
export const shanghaiTime = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));

/**
 * Audit events as a dated list, each in the reader's language (and by whom, when names are given), each with what
 * part of the lifecycle it is about (its milestone, approval or stage: from its details, else from the enterprise's
 * tasks and needs in `topics`).
 */
export function Timeline(props: {
  t: Translate;
  events: AuditEvent[];
  names?: Map<string, string>;
  topics?: TopicSources;
}) {
  const { t } = props;
  return (
    <ol>
      {props.events.map((event) => (
        <li>
          <time datetime={event.at}>{shanghaiTime(event.at)}</time> —{' '}
          <TimelineTopic t={t} event={event} topics={props.topics} />
          {auditLabel(t, event)}
          {byWhom(props.names, event)}
        </li>
      ))}
    </ol>
  );
}

/** What a timeline entry is about, as a tag before its action; nothing for an entry about nothing in the lifecycle. */
function TimelineTopic(props: { t: Translate; event: AuditEvent; topics?: TopicSources }) {
  const topic = timelineTopic(props.event, props.topics);
  return topic ? (
    <>
      <span class="topic">{props.t('timeline.about', { topic: topicLabel(props.t, topic) })}</span>{' '}
    </>
  ) : null;
}

/** Who did it, after a "·" — only when there is a name to give (an enterprise or the system has none here). */
function byWhom(names: Map<string, string> | undefined, event: AuditEvent): string {
  const name = event.actor.id ? names?.get(event.actor.id) : undefined;
  return name ? ` · ${name}` : '';
}

/**
 * An audit action in the reader's language; an action without a message (from a newer version) as it is. One action
 * can name different things: `need.escalated` is a manager's decision after repeated dissatisfaction, and also the
 * workflow's escalations — of a missed first contact (【先行联系督办】, phase `firstContact`) and of an overdue step
 * (to the head or the managers) — each labelled for what it is.
 */
function auditLabel(t: Translate, event: AuditEvent): string {
  const key = `audit.${event.action}`;
  const variant = auditVariant(event);
  const specific = variant && `${key}.${variant}`;
  if (specific && isMessageKey(specific)) return t(specific);
  return isMessageKey(key) ? t(key) : event.action;
}

function auditVariant(event: AuditEvent): 'firstContact' | 'overdue' | undefined {
  if (event.action !== 'need.escalated') return undefined;
  const { phase, kind } = event.details ?? {};
  if (phase === 'firstContact') return 'firstContact';
  return kind === 'head' || kind === 'managers' ? 'overdue' : undefined;
}
