import { MILESTONES } from '../domain/stage.ts';
import { isMessageKey, type MessageKey } from '../i18n/i18n.ts';
import type { EnterpriseFile } from '../store/enterprises.ts';
import type { ViewContext } from './context.ts';
import { Layout } from './layout.tsx';

export function EnterprisePage(props: {
  ctx: ViewContext;
  file: EnterpriseFile;
  names: Map<string, string>;
  notice?: string;
}) {
  const { ctx, file } = props;
  const { t } = ctx;
  const e = file.enterprise;
  const open = file.tasks.filter((task) => task.status === 'open');
  return (
    <Layout ctx={ctx} title={e.name}>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <h1>{e.name}</h1>
      <div class="grid">
        <dl class="card">
          <dt>{t('enterprise.stage')}</dt>
          <dd>{t(`stage.${e.stage}` as MessageKey)}</dd>
          <dt>{t('enterprise.investor')}</dt>
          <dd>{e.investor}</dd>
          <dt>{t('enterprise.industryChain')}</dt>
          <dd>{e.industryChain}</dd>
        </dl>
        <dl class="card">
          <dt>{t('enterprise.contractedInvestment')}</dt>
          <dd>{e.contractedInvestment.toLocaleString(ctx.locale)}</dd>
          <dt>{t('enterprise.fundsInPlace')}</dt>
          <dd>{e.fundsInPlace.toLocaleString(ctx.locale)}</dd>
          <dt>{t('enterprise.serviceOfficerId')}</dt>
          <dd>{props.names.get(e.serviceOfficerId) ?? '—'}</dd>
          <dt>{t('enterprise.lead')}</dt>
          <dd>{props.names.get(e.lead.staffId) ?? '—'}</dd>
        </dl>
      </div>
      <h2>{t('enterprise.milestones')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('board.stage')}</th>
            <th>{t('enterprise.planned')}</th>
            <th>{t('enterprise.actual')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{t('stage.signed')}</td>
            <td>{e.signedAt}</td>
            <td>{e.signedAt}</td>
          </tr>
          {MILESTONES.map((m) => (
            <tr>
              <td>{t(`stage.${m}` as MessageKey)}</td>
              <td>{e.milestones[m].planned ?? '—'}</td>
              <td>{e.milestones[m].actual ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('enterprise.openItems')}</h2>
      {open.length === 0 ? <p>{t('console.empty')}</p> : null}
      <ul>
        {open.map((task) => (
          <li>
            {task.kind === 'visit'
              ? t('task.visit')
              : t('task.tracking', {
                  milestone: task.milestone ? t(`stage.${task.milestone}` as MessageKey) : '',
                })}{' '}
            — {t('board.due')} <time datetime={task.dueAt}>{task.dueAt.slice(0, 10)}</time> ·{' '}
            {props.names.get(task.officerId) ?? '—'}
          </li>
        ))}
      </ul>
      <h2>{t('enterprise.timeline')}</h2>
      <ol>
        {file.timeline.map((event) => (
          <li>
            <time datetime={event.at}>{event.at.slice(0, 16).replace('T', ' ')}</time> —{' '}
            {auditLabel(t, event.action)}
            {event.actor.id ? ` · ${props.names.get(event.actor.id) ?? ''}` : ''}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

function auditLabel(t: ViewContext['t'], action: string): string {
  const key = `audit.${action}`;
  return isMessageKey(key) ? t(key) : action;
}
