import type { Enterprise } from '#shared/domain/enterprise.ts';
import { MILESTONES, type Milestone, type Stage } from '#shared/domain/stage.ts';
import type { Pipeline } from '#shared/pipeline/pipeline.ts';
import type { ViewContext } from '../ui/context.ts';
import { Layout } from '../ui/layout.tsx';

const stageLabel = (ctx: ViewContext, stage: Stage) => ctx.t(`stage.${stage}`);

/**
 * A milestone's planned date; once re-planned, with its original date and how many times it changed (shown, and on
 * hover) — from the enterprise item itself, so the list needs no read per row. The history is on the enterprise page.
 */
function PlannedDate(props: { ctx: ViewContext; dates: Enterprise['milestones'][Milestone] }) {
  const { ctx, dates } = props;
  if (!dates.replans) return <>{dates.planned ?? '—'}</>;
  const note = dates.originalPlanned
    ? ctx.t('pipeline.replanned', { original: dates.originalPlanned, count: dates.replans })
    : ctx.t('pipeline.replannedCount', { count: dates.replans });
  return (
    <span data-replans={String(dates.replans)} title={note}>
      {dates.planned ?? '—'}
      <br />
      <small class="muted">{note}</small>
    </span>
  );
}

/** Projects stopped (终止/退出): counted apart from the stage bars; with the year's stops and revivals (盘活). */
function Stopped(props: { ctx: ViewContext; pipeline: Pipeline }) {
  const { ctx, pipeline } = props;
  const { t } = ctx;
  return (
    <section>
      <h2>{t('pipeline.stopped')}</h2>
      <table>
        <tbody>
          <tr>
            <th scope="row">{t('pipeline.exitedNow')}</th>
            <td data-figure="exited">{pipeline.exited.now}</td>
          </tr>
          <tr>
            <th scope="row">{t('pipeline.exitedYear', { year: pipeline.year })}</th>
            <td data-figure="exitedYear">{pipeline.exited.year}</td>
          </tr>
          <tr>
            <th scope="row">{t('pipeline.revivedYear', { year: pipeline.year })}</th>
            <td data-figure="revivedYear">{pipeline.revived.year}</td>
          </tr>
        </tbody>
      </table>
      {pipeline.exitedList.length ? (
        <table class="responsive">
          <caption>{t('pipeline.exitedList')}</caption>
          <thead>
            <tr>
              <th>{t('board.enterprise')}</th>
              <th>{t('pipeline.stoppedAt')}</th>
              <th>{t('pipeline.exitKind')}</th>
              <th>{t('pipeline.exitDate')}</th>
              <th>{t('pipeline.exitReason')}</th>
            </tr>
          </thead>
          <tbody>
            {pipeline.exitedList.map((e) => (
              <tr data-exited={e.id}>
                <td>
                  <a href={`/console/enterprises/${e.id}`}>{e.name}</a>
                </td>
                <td>{stageLabel(ctx, e.stage)}</td>
                <td>{e.exit ? t(`exit.kind.${e.exit.kind}`) : '—'}</td>
                <td>{e.exit?.date ?? '—'}</td>
                <td>{e.exit?.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** Enterprises by stage as bars (each a link to its list), the numbers beside them, and the stalled projects. */
export function PipelinePage(props: {
  ctx: ViewContext;
  pipeline: Pipeline;
  today: string;
  names: Map<string, string>;
}) {
  const { ctx, pipeline } = props;
  const { t } = ctx;
  const max = Math.max(1, ...pipeline.counts.map((c) => c.count));
  // Horizontal bars: the stage name on the left fits in any language, and it reads on a phone.
  const row = 32;
  const labelWidth = 190;
  const barSpace = 380;
  const days = (since: string) => Math.round((Date.parse(props.today) - Date.parse(since)) / 86_400_000);
  return (
    <Layout ctx={ctx} title={t('pipeline.title')}>
      <h1>{t('pipeline.title')}</h1>
      <p>
        <a class="button" href="/console/pipeline.xlsx" download>
          {t('export.xlsx')}
        </a>
      </p>
      <h2>{t('pipeline.byStage')}</h2>
      <div class="card">
        {/* A figure, not an image: each bar is a link to the list behind it. */}
        <figure>
          <figcaption class="muted">{t('pipeline.chart')}</figcaption>
          <svg
            viewBox={`0 0 ${labelWidth + barSpace + 60} ${pipeline.counts.length * row}`}
            width="100%"
            preserveAspectRatio="xMinYMin meet"
          >
            <title>{t('pipeline.chart')}</title>
            {pipeline.counts.map((c, i) => {
              const w = Math.round((c.count / max) * barSpace);
              return (
                <a href={`/console/pipeline?stage=${c.stage}`}>
                  <text x={0} y={i * row + 21} font-size="14">
                    {stageLabel(ctx, c.stage)}
                  </text>
                  <rect
                    x={labelWidth}
                    y={i * row + 6}
                    width={Math.max(w, 2)}
                    height={row - 12}
                    fill="#0b5cad"
                  />
                  <text x={labelWidth + Math.max(w, 2) + 8} y={i * row + 21} font-size="14">
                    {c.count}
                  </text>
                </a>
              );
            })}
          </svg>
        </figure>
        <table>
          <tbody>
            {pipeline.counts.map((c) => (
              <tr data-stage={c.stage}>
                <td>
                  <a href={`/console/pipeline?stage=${c.stage}`}>{stageLabel(ctx, c.stage)}</a>
                </td>
                <td>{c.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Stopped ctx={ctx} pipeline={pipeline} />
      {pipeline.stage ? (
        <section>
          <h2>{t('pipeline.list', { stage: stageLabel(ctx, pipeline.stage.stage) })}</h2>
          <table class="responsive">
            <thead>
              <tr>
                <th>{t('board.enterprise')}</th>
                <th>{t('pipeline.since')}</th>
                {MILESTONES.map((m) => (
                  <th>
                    {t(`milestone.${m}`)}
                    <br />
                    <span class="muted">{t('pipeline.plannedActual')}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {pipeline.stage.enterprises.map((e) => (
                <tr>
                  <td>
                    <a href={`/console/enterprises/${e.id}`}>{e.name}</a>
                  </td>
                  <td>{e.stageSince}</td>
                  {MILESTONES.map((m) => (
                    <td>
                      <PlannedDate ctx={ctx} dates={e.milestones[m]} /> / {e.milestones[m].actual ?? '—'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {pipeline.stage.next ? (
            <p>
              <a
                href={`/console/pipeline?${new URLSearchParams({ stage: pipeline.stage.stage, cursor: pipeline.stage.next })}`}
              >
                {t('console.next')}
              </a>
            </p>
          ) : null}
        </section>
      ) : null}
      <h2>{t('pipeline.stalled', { days: pipeline.stalledDays })}</h2>
      {pipeline.stalled.length === 0 ? <p>{t('pipeline.none')}</p> : null}
      <table class="responsive">
        <tbody>
          {pipeline.stalled.map((e) => (
            <tr data-stalled={e.id}>
              <td>
                <a href={`/console/enterprises/${e.id}`}>{e.name}</a>
              </td>
              <td>{stageLabel(ctx, e.stage)}</td>
              <td>
                {t('pipeline.since')} {e.stageSince}
              </td>
              <td>
                {days(e.stageSince)} {t('pipeline.days')}
              </td>
              <td>{props.names.get(e.serviceOfficerId) ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
