import type { FieldError } from '#shared/domain/input-error.ts';
import type { DepartmentScore, Scoreboard } from '#shared/scoreboard/scoreboard.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, Field, FormErrors, Select, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { departmentName, Notice } from '../ui/parts.tsx';

const percent = (ctx: ViewContext, share: number | null) =>
  share === null ? '—' : `${Math.round(share * 100).toLocaleString(ctx.locale)}%`;

const number = (ctx: ViewContext, n: number) => n.toLocaleString(ctx.locale);

/** Two bars per department (contracted, funds) as a share of the year's target, with the halfway line. */
function TargetChart(props: { ctx: ViewContext; rows: DepartmentScore[] }) {
  const { ctx, rows } = props;
  const { t } = ctx;
  const row = 22;
  const group = row * 2 + 14;
  const label = 200;
  const space = 360;
  const scale = (share: number | null) => Math.round(Math.min(share ?? 0, 1.2) * (space / 1.2));
  const full = scale(1);
  const half = scale(0.5);
  const height = rows.length * group + 20;
  return (
    <svg
      role="img"
      aria-label={t('scoreboard.chart')}
      viewBox={`0 0 ${label + space + 70} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <line
        x1={label + half}
        x2={label + half}
        y1={0}
        y2={height - 14}
        stroke="#999"
        stroke-dasharray="4 3"
      />
      <line x1={label + full} x2={label + full} y1={0} y2={height - 14} stroke="#333" />
      <text x={label + half} y={height - 2} font-size="12" text-anchor="middle">
        50%
      </text>
      <text x={label + full} y={height - 2} font-size="12" text-anchor="middle">
        100%
      </text>
      {rows.map((r, i) => {
        const y = i * group;
        return (
          <g>
            <text x={0} y={y + 16} font-size="13">
              {departmentName(ctx, r)}
            </text>
            <rect
              x={label}
              y={y + 3}
              width={Math.max(scale(r.contractedShare), 2)}
              height={row - 6}
              fill="#0b5cad"
            />
            <text x={label + Math.max(scale(r.contractedShare), 2) + 6} y={y + 16} font-size="12">
              {t('scoreboard.contracted')} {percent(ctx, r.contractedShare)}
            </text>
            <rect
              x={label}
              y={y + row + 3}
              width={Math.max(scale(r.fundsShare), 2)}
              height={row - 6}
              fill="#2e8540"
            />
            <text x={label + Math.max(scale(r.fundsShare), 2) + 6} y={y + row + 16} font-size="12">
              {t('scoreboard.funds')} {percent(ctx, r.fundsShare)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function ScoreRow(props: { ctx: ViewContext; r: DepartmentScore; name: string }) {
  const { ctx, r } = props;
  const { t } = ctx;
  return (
    <tr data-department={r.id}>
      <th scope="row">{props.name}</th>
      <td>{number(ctx, r.totals.broughtIn)}</td>
      <td>
        {number(ctx, r.totals.contracted)} / {r.target ? number(ctx, r.target.contractedInvestment) : '—'} (
        {percent(ctx, r.contractedShare)})
      </td>
      <td>
        {number(ctx, r.totals.fundsArrived)} / {r.target ? number(ctx, r.target.fundsInPlace) : '—'} (
        {percent(ctx, r.fundsShare)})
      </td>
      <td class={`halfway-${r.halfway}`}>{t(`scoreboard.halfway.${r.halfway}`)}</td>
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
}) {
  const { ctx, scoreboard } = props;
  const { t } = ctx;
  const year = scoreboard.year;
  return (
    <Layout ctx={ctx} title={t('scoreboard.title')}>
      <h1>{t('scoreboard.title')}</h1>
      <Notice text={props.notice} />
      <form method="get" action="/console/scoreboard" class="filters card">
        <label>
          {t('scoreboard.year')}
          <input name="year" type="number" inputmode="numeric" value={String(year)} min="2000" max="2100" />
        </label>
        <button type="submit">{t('console.filter')}</button>
        <a class="button" href={`/console/scoreboard.xlsx?year=${year}`} download>
          {t('export.xlsx')}
        </a>
      </form>
      <p class="muted">{t('scoreboard.explain', { year })}</p>
      <div class="card">
        <TargetChart ctx={ctx} rows={scoreboard.departments} />
      </div>
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">{t('scoreboard.department')}</th>
            <th scope="col">{t('scoreboard.broughtIn')}</th>
            <th scope="col">{t('scoreboard.contractedOfTarget')}</th>
            <th scope="col">{t('scoreboard.fundsOfTarget')}</th>
            <th scope="col">{t('scoreboard.halfway')}</th>
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
            <ScoreRow ctx={ctx} r={r} name={departmentName(ctx, r)} />
          ))}
        </tbody>
        {scoreboard.scoped ? null : (
          <tfoot>
            <ScoreRow ctx={ctx} r={scoreboard.zone} name={t('scoreboard.zone')} />
          </tfoot>
        )}
      </table>
      <p class="muted">{t('scoreboard.needsHow')}</p>
      {ctx.can('targets.set') ? (
        <section class="card">
          <h2>{t('scoreboard.setTarget')}</h2>
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
            <Field
              t={t}
              name="contractedInvestment"
              type="number"
              inputmode="numeric"
              label={t('scoreboard.targetContracted')}
              values={props.values}
              errors={props.errors}
              required
            />
            <Field
              t={t}
              name="fundsInPlace"
              type="number"
              inputmode="numeric"
              label={t('scoreboard.targetFunds')}
              values={props.values}
              errors={props.errors}
              required
            />
            <button type="submit">{t('scoreboard.save')}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}
