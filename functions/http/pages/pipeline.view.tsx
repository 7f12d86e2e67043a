import { MILESTONES, type Stage } from '#shared/domain/stage.ts';
import type { Pipeline } from '#shared/pipeline/pipeline.ts';
import type { ViewContext } from '../ui/context.ts';
import { Layout } from '../ui/layout.tsx';

const stageLabel = (ctx: ViewContext, stage: Stage) => ctx.t(`stage.${stage}`);

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
                    {stageLabel(ctx, m)}
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
                      {e.milestones[m].planned ?? '—'} / {e.milestones[m].actual ?? '—'}
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
