import type { FundsRecord } from '#shared/domain/enterprise.ts';
import type { ViewContext } from './context.ts';

/**
 * Funds in place over time: a step line of the reported totals against the contracted investment (dashed), and
 * the reports as a table beside it for those who would rather read.
 */
export function FundsOverTime(props: {
  ctx: ViewContext;
  records: FundsRecord[];
  contracted: number;
  signedAt: string;
  today: string;
}) {
  const { ctx } = props;
  const { t } = ctx;
  const records = [...props.records].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  if (!records.length) return <p>{t('funds.none')}</p>;
  const width = 560;
  const height = 180;
  const pad = { left: 70, right: 10, top: 10, bottom: 24 };
  const start = Date.parse(props.signedAt);
  const end = Math.max(Date.parse(props.today), start + 86_400_000);
  const top = Math.max(props.contracted, ...records.map((r) => r.total), 1);
  const x = (date: string) =>
    pad.left + ((Date.parse(date) - start) / (end - start)) * (width - pad.left - pad.right);
  const y = (value: number) => pad.top + (1 - value / top) * (height - pad.top - pad.bottom);
  let path = `M ${x(props.signedAt)} ${y(0)}`;
  for (const r of records) path += ` H ${x(r.asOf)} V ${y(r.total)}`;
  path += ` H ${x(props.today)}`;
  const n = (v: number) => v.toLocaleString(ctx.locale);
  return (
    <div class="grid">
      <svg
        role="img"
        aria-label={t('funds.chart', { total: n(records.at(-1)!.total), contracted: n(props.contracted) })}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <line
          x1={pad.left}
          x2={width - pad.right}
          y1={y(props.contracted)}
          y2={y(props.contracted)}
          stroke="#999"
          stroke-dasharray="5 4"
        />
        <text x={pad.left - 6} y={y(props.contracted) + 4} font-size="11" text-anchor="end">
          {n(props.contracted)}
        </text>
        <text x={pad.left - 6} y={y(0) + 4} font-size="11" text-anchor="end">
          0
        </text>
        <path d={path} fill="none" stroke="#2e8540" stroke-width="2" />
        <text x={pad.left} y={height - 6} font-size="11">
          {props.signedAt}
        </text>
        <text x={width - pad.right} y={height - 6} font-size="11" text-anchor="end">
          {props.today}
        </text>
      </svg>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('funds.asOf')}</th>
            <th scope="col">{t('enterprise.fundsInPlace')}</th>
            <th scope="col">{t('funds.share')}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => (
            <tr data-funds={r.asOf}>
              <td>{r.asOf}</td>
              <td>{n(r.total)}</td>
              <td>{props.contracted ? `${Math.round((r.total / props.contracted) * 100)}%` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
