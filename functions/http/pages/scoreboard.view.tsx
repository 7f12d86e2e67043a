import { INDICATORS, type IndicatorKey } from '#shared/domain/indicators.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { type IndicatorProgress, places } from '#shared/scoreboard/progress.ts';
import type { DepartmentScore, Scoreboard } from '#shared/scoreboard/scoreboard.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, Field, FormErrors, Select, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { departmentName, Notice } from '../ui/parts.tsx';

const percent = (ctx: ViewContext, share: number | null) =>
  share === null ? '—' : `${Math.round(share * 100).toLocaleString(ctx.locale)}%`;

const number = (ctx: ViewContext, n: number | null) => (n === null ? '—' : n.toLocaleString(ctx.locale));

const monthOf = (atMonth: string) => Number(atMonth.slice(5, 7));

const find = (r: DepartmentScore, key: IndicatorKey) =>
  r.indicators.find((i) => i.key === key) as IndicatorProgress;

/** One bar per department: the ranked indicator's share of its annual target, with the 50% and schedule lines. */
function RankChart(props: {
  ctx: ViewContext;
  rows: DepartmentScore[];
  indicator: IndicatorKey;
  month: number;
}) {
  const { ctx, rows, indicator, month } = props;
  const { t } = ctx;
  const row = 24;
  const label = 200;
  const space = 360;
  const scale = (share: number | null) => Math.round(Math.min(share ?? 0, 1.2) * (space / 1.2));
  const height = rows.length * row + 20;
  const line = (share: number, text: string, dashed: boolean) => (
    <g>
      <line
        x1={label + scale(share)}
        x2={label + scale(share)}
        y1={0}
        y2={height - 14}
        stroke={dashed ? '#999' : '#333'}
        stroke-dasharray={dashed ? '4 3' : undefined}
      />
      <text x={label + scale(share)} y={height - 2} font-size="12" text-anchor="middle">
        {text}
      </text>
    </g>
  );
  return (
    <svg
      role="img"
      aria-label={t('scoreboard.ranking', { indicator: t(`indicator.${indicator}`), month })}
      viewBox={`0 0 ${label + space + 70} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      {/* 100% is on schedule: the year's target × months ÷ 12 reached by the month (what the rows are ranked by). */}
      {line(1, '100%', false)}
      {rows.map((r, i) => {
        const p = find(r, indicator);
        const width = Math.max(scale(p.atMonth.rate), 2);
        return (
          <g>
            <text x={0} y={i * row + 16} font-size="13">
              {departmentName(ctx, r)}
            </text>
            <rect
              x={label}
              y={i * row + 4}
              width={width}
              height={row - 8}
              fill={p.atMonth.schedule === 'behind' ? '#b3261e' : '#0b5cad'}
            />
            <text x={label + width + 6} y={i * row + 16} font-size="12" data-rate={p.atMonth.rate ?? ''}>
              {percent(ctx, p.atMonth.rate)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The indicators of one department (or the zone): target, so far, 双过半, 序时进度 at the month. */
function IndicatorTable(props: { ctx: ViewContext; r: DepartmentScore; month: number; usdRate?: number }) {
  const { ctx, r, month } = props;
  const { t } = ctx;
  return (
    <table class="responsive" data-indicators={r.id}>
      <thead>
        <tr>
          <th scope="col">{t('scoreboard.col.indicator')}</th>
          <th scope="col">{t('scoreboard.col.unit')}</th>
          <th scope="col">{t('scoreboard.col.target')}</th>
          <th scope="col">{t('scoreboard.col.achieved')}</th>
          <th scope="col">{t('scoreboard.col.share')}</th>
          <th scope="col">{t('scoreboard.col.firstHalf')}</th>
          <th scope="col">{t('scoreboard.halfway')}</th>
          <th scope="col">{t('scoreboard.col.expected', { month })}</th>
          <th scope="col">{t('scoreboard.col.scheduleRate')}</th>
          <th scope="col">{t('scoreboard.col.schedule')}</th>
          <th scope="col">{t('scoreboard.col.late')}</th>
        </tr>
      </thead>
      <tbody>
        {r.indicators.map((p) => {
          const noRate = p.unit === 'usdWan' && !props.usdRate;
          return (
            <tr data-indicator={p.key}>
              <th scope="row">{t(`indicator.${p.key}`)}</th>
              <td>{t(`indicator.unit.${p.unit}`)}</td>
              <td>{number(ctx, p.target)}</td>
              <td data-figure="achieved">{noRate ? '—' : number(ctx, p.achieved)}</td>
              <td>{percent(ctx, p.share)}</td>
              <td>{noRate ? '—' : number(ctx, p.firstHalf)}</td>
              <td class={`halfway-${p.halfway}`} data-figure="halfway">
                {t(`scoreboard.halfway.${p.halfway}`)}
              </td>
              <td>{number(ctx, p.atMonth.expected)}</td>
              <td>{percent(ctx, p.atMonth.rate)}</td>
              <td class={`schedule-${p.atMonth.schedule}`} data-figure="schedule">
                {t(`scoreboard.schedule.${p.atMonth.schedule}`)}
              </td>
              <td data-figure="late">{p.late ? number(ctx, p.late) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** One indicator month by month: the month's amount, cumulative, schedule target, rate, late reports. */
function MonthlyTable(props: { ctx: ViewContext; p: IndicatorProgress }) {
  const { ctx, p } = props;
  const { t } = ctx;
  return (
    <table class="responsive" data-monthly={p.key}>
      <thead>
        <tr>
          <th scope="col">{t('scoreboard.col.month')}</th>
          <th scope="col">{t('scoreboard.col.monthAmount')}</th>
          <th scope="col">{t('scoreboard.col.cumulative')}</th>
          <th scope="col">{t('scoreboard.col.expected', { month: '' })}</th>
          <th scope="col">{t('scoreboard.col.scheduleRate')}</th>
          <th scope="col">{t('scoreboard.col.schedule')}</th>
          <th scope="col">{t('scoreboard.col.late')}</th>
        </tr>
      </thead>
      <tbody>
        {p.months.map((m) => (
          <tr data-month={m.month}>
            <th scope="row">{m.month}</th>
            <td>{number(ctx, m.amount)}</td>
            <td>{number(ctx, m.cumulative)}</td>
            <td>{number(ctx, m.expected)}</td>
            <td>{percent(ctx, m.rate)}</td>
            <td class={`schedule-${m.schedule}`}>{t(`scoreboard.schedule.${m.schedule}`)}</td>
            <td>{m.late ? number(ctx, m.late) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Tasks and needs per department: the figures that are not targets. */
function OtherRow(props: { ctx: ViewContext; r: DepartmentScore; name: string }) {
  const { ctx, r } = props;
  return (
    <tr data-department={r.id}>
      <th scope="row">{props.name}</th>
      <td>
        {number(ctx, r.totals.tasksOnTime)} / {number(ctx, r.totals.tasksCompleted)} (
        {percent(ctx, r.onTimeRate)})
      </td>
      <td data-figure="exited">
        {number(ctx, r.firstHalf.exited)} / {number(ctx, r.secondHalf.exited)}
      </td>
      <td data-figure="revived">
        {number(ctx, r.firstHalf.revived)} / {number(ctx, r.secondHalf.revived)}
      </td>
      <td>{r.needs ? number(ctx, r.needs.counts.opened) : '—'}</td>
      <td data-figure="needsResponse">{r.needs ? percent(ctx, r.needs.responseRate) : '—'}</td>
      <td data-figure="needsOnTime">{r.needs ? percent(ctx, r.needs.onTimeRate) : '—'}</td>
      <td data-figure="needsResolution">{r.needs ? percent(ctx, r.needs.resolutionRate) : '—'}</td>
      <td data-figure="needsSatisfaction">{r.needs ? percent(ctx, r.needs.satisfactionRate) : '—'}</td>
      <td data-figure="needsReturned">{r.needs ? number(ctx, r.needs.counts.returned) : '—'}</td>
      <td data-figure="partsOnTime">{r.needs ? percent(ctx, r.needs.partsOnTimeRate) : '—'}</td>
    </tr>
  );
}

export function ScoreboardPage(props: {
  ctx: ViewContext;
  scoreboard: Scoreboard;
  /** Managers set the targets. */
  notice?: string;
  errors?: FieldError[];
  values?: Values;
  /** The filter's own problems (a month of 13), shown on the filter with what was asked. */
  filter?: { values: Values; errors: FieldError[] };
}) {
  const { ctx, scoreboard } = props;
  const { t } = ctx;
  const { year, ranking } = scoreboard;
  const month = monthOf(scoreboard.atMonth);
  const main = scoreboard.scoped ? (scoreboard.departments[0] ?? scoreboard.zone) : scoreboard.zone;
  const who = scoreboard.scoped ? departmentName(ctx, main) : t('scoreboard.zone');
  const ranked = ranking.ids
    .map((id) => scoreboard.departments.find((d) => d.id === id))
    .filter((d): d is DepartmentScore => d !== undefined);
  const rankPlaces = places(ranked, ranking.indicator);
  const indicatorOptions = INDICATORS.map((i) => ({ value: i.key, label: t(`indicator.${i.key}`) }));
  const query = `year=${year}&month=${month}&rank=${ranking.indicator}`;
  return (
    <Layout ctx={ctx} title={t('scoreboard.title')}>
      <h1>{t('scoreboard.title')}</h1>
      <Notice text={props.notice} />
      <FormErrors t={t} errors={props.filter?.errors} />
      <form method="get" action="/console/scoreboard" class="filters card">
        <Field
          t={t}
          name="year"
          type="number"
          inputmode="numeric"
          label={t('scoreboard.year')}
          values={props.filter?.values ?? { year: String(year) }}
          errors={props.filter?.errors}
        />
        <Field
          t={t}
          name="month"
          type="number"
          inputmode="numeric"
          label={t('scoreboard.monthLabel')}
          values={props.filter?.values ?? { month: String(month) }}
          errors={props.filter?.errors}
        />
        <Select
          t={t}
          name="rank"
          label={t('scoreboard.rankBy')}
          options={indicatorOptions}
          values={{ rank: ranking.indicator }}
          errors={props.filter?.errors}
        />
        <button type="submit">{t('console.filter')}</button>
        <a class="button" href={`/console/scoreboard.xlsx?${query}`} download>
          {t('export.xlsx')}
        </a>
      </form>
      <p class="muted">{t('scoreboard.explain', { year })}</p>
      <p class="muted" data-how="scoreboard">
        {t('scoreboard.how')}{' '}
        {scoreboard.usdRate
          ? t('scoreboard.usdRate.how', { rate: scoreboard.usdRate })
          : t('scoreboard.usdRate.missing', { year })}
      </p>
      <h2>{t('scoreboard.indicators', { who })}</h2>
      <IndicatorTable ctx={ctx} r={main} month={month} usdRate={scoreboard.usdRate} />
      {scoreboard.scoped ? null : (
        <section>
          <h2>{t('scoreboard.ranking', { indicator: t(`indicator.${ranking.indicator}`), month })}</h2>
          <div class="card">
            <RankChart ctx={ctx} rows={ranked} indicator={ranking.indicator} month={month} />
          </div>
          <table class="responsive" data-ranking={ranking.indicator}>
            <thead>
              <tr>
                <th scope="col">{t('scoreboard.col.rank')}</th>
                <th scope="col">{t('scoreboard.department')}</th>
                <th scope="col">{t('scoreboard.col.target')}</th>
                <th scope="col">{t('scoreboard.col.cumulative')}</th>
                <th scope="col">{t('scoreboard.col.expected', { month })}</th>
                <th scope="col">{t('scoreboard.col.scheduleRate')}</th>
                <th scope="col">{t('scoreboard.col.schedule')}</th>
                <th scope="col">{t('scoreboard.halfway')}</th>
              </tr>
            </thead>
            <tbody>
              {ranked.map((r, i) => {
                const p = find(r, ranking.indicator);
                return (
                  <tr data-department={r.id}>
                    <td data-place>{rankPlaces[i]}</td>
                    <th scope="row">{departmentName(ctx, r)}</th>
                    <td>{number(ctx, p.target)}</td>
                    <td>{number(ctx, p.atMonth.cumulative)}</td>
                    <td>{number(ctx, p.atMonth.expected)}</td>
                    <td data-rate={p.atMonth.rate ?? ''}>{percent(ctx, p.atMonth.rate)}</td>
                    <td class={`schedule-${p.atMonth.schedule}`}>
                      {t(`scoreboard.schedule.${p.atMonth.schedule}`)}
                    </td>
                    <td class={`halfway-${p.halfway}`}>{t(`scoreboard.halfway.${p.halfway}`)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
      <h2>{t('scoreboard.monthly', { indicator: t(`indicator.${ranking.indicator}`), who })}</h2>
      <MonthlyTable ctx={ctx} p={find(main, ranking.indicator)} />
      <h2>{t('scoreboard.others')}</h2>
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">{t('scoreboard.department')}</th>
            <th scope="col">{t('scoreboard.tasksOnTime')}</th>
            <th scope="col">{t('scoreboard.exited')}</th>
            <th scope="col">{t('scoreboard.revived')}</th>
            <th scope="col">{t('scoreboard.needsOpened')}</th>
            <th scope="col">{t('scoreboard.needsResponse')}</th>
            <th scope="col">{t('scoreboard.needsOnTime')}</th>
            <th scope="col">{t('scoreboard.needsResolution')}</th>
            <th scope="col">{t('scoreboard.satisfaction')}</th>
            <th scope="col">{t('scoreboard.needsReturned')}</th>
            <th scope="col">{t('scoreboard.partsOnTime')}</th>
          </tr>
        </thead>
        <tbody>
          {scoreboard.departments.map((r) => (
            <OtherRow ctx={ctx} r={r} name={departmentName(ctx, r)} />
          ))}
        </tbody>
        {scoreboard.scoped ? null : (
          <tfoot>
            <OtherRow ctx={ctx} r={scoreboard.zone} name={t('scoreboard.zone')} />
          </tfoot>
        )}
      </table>
      <p class="muted">{t('scoreboard.needsHow')}</p>
      {ctx.can('targets.set') ? (
        <section class="card">
          <h2>{t('scoreboard.setTarget')}</h2>
          <p class="muted">{t('scoreboard.targetsHelp')}</p>
          <form method="post" action="/console/scoreboard/targets">
            <Csrf token={ctx.csrf} />
            <FormErrors t={t} errors={props.errors} />
            <Select
              t={t}
              name="departmentId"
              label={t('scoreboard.department')}
              options={scoreboard.departments.map((d) => ({ value: d.id, label: departmentName(ctx, d) }))}
              values={props.values}
              errors={props.errors}
            />
            <Field
              t={t}
              name="year"
              type="number"
              inputmode="numeric"
              label={t('scoreboard.year')}
              values={{ year: String(year), ...props.values }}
              errors={props.errors}
              required
            />
            {INDICATORS.map((i) => (
              <Field
                t={t}
                name={`values.${i.key}`}
                type="number"
                inputmode="numeric"
                label={t('indicator.withUnit', {
                  indicator: t(`indicator.${i.key}`),
                  unit: t(`indicator.unit.${i.unit}`),
                })}
                values={props.values}
                errors={props.errors}
              />
            ))}
            <button type="submit">{t('scoreboard.save')}</button>
          </form>
          <h2>{t('scoreboard.setUsdRate')}</h2>
          <form method="post" action="/console/scoreboard/usd-rate">
            <Csrf token={ctx.csrf} />
            <Field
              t={t}
              name="year"
              type="number"
              inputmode="numeric"
              label={t('scoreboard.year')}
              values={{ year: String(year) }}
              required
            />
            <Field
              t={t}
              name="usdRate"
              label={t('scoreboard.usdRate')}
              values={{ usdRate: scoreboard.usdRate ? String(scoreboard.usdRate) : '', ...props.values }}
              errors={props.errors}
              required
            />
            <button type="submit">{t('scoreboard.saveUsdRate')}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}
