import type { AuditEvent } from '#shared/domain/audit.ts';
import { isMessageKey, type Translate } from '#shared/i18n/i18n.ts';
import { type TopicSources, timelineTopic, topicLabel } from '#shared/lifecycle/timeline.ts';
import type { ViewContext } from './context.ts';

/** A department's name in the reader's language (its English name, where it has one, for English readers). */
export const departmentName = (ctx: Pick<ViewContext, 'locale'>, d: { name: string; nameEn?: string }) =>
  ctx.locale === 'en' && d.nameEn ? d.nameEn : d.name;

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
          {auditLabel(t, event.action)}
          {props.names && event.actor.id ? ` · ${props.names.get(event.actor.id) ?? ''}` : ''}
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

/** An audit action in the reader's language; an action without a message (from a newer version) as it is. */
function auditLabel(t: Translate, action: string): string {
  const key = `audit.${action}`;
  return isMessageKey(key) ? t(key) : action;
}
