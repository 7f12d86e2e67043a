import type { MessageKey } from '../i18n/i18n.ts';
import type { DepartmentScore, Scoreboard } from '../scoreboard/scoreboard.ts';
import type { SheetContext } from './exports.ts';
import type { Cell, Sheet } from './workbook.ts';

const percent = (s: number | null) => (s === null ? null : Math.round(s * 1000) / 10);
const headers = (c: SheetContext, keys: (MessageKey | string)[]) =>
  keys.map((k) => ({ header: k.includes('.') ? c.t(k as MessageKey) : k }));

/**
 * The scoreboard as a workbook: each department's indicators (target, so far, 双过半, 序时进度 at the month asked for),
 * every indicator month by month, and the task and needs figures — the zone's line last (not for a head's own).
 */
export function scoreboardSheets(c: SheetContext, board: Scoreboard): Sheet[] {
  const { t } = c;
  const month = Number(board.atMonth.slice(5, 7));
  const lines: [string, DepartmentScore][] = [
    ...board.departments.map((r): [string, DepartmentScore] => [c.departmentName(r), r]),
    ...(board.scoped ? [] : [[t('scoreboard.zone'), board.zone] as [string, DepartmentScore]]),
  ];
  const indicators: Sheet = {
    name: `${t('scoreboard.title')} ${board.year}`,
    columns: [
      ...headers(c, [
        'scoreboard.department',
        'scoreboard.col.indicator',
        'scoreboard.col.unit',
        'scoreboard.col.target',
        'scoreboard.col.achieved',
        'scoreboard.col.share',
        'scoreboard.col.firstHalf',
        'scoreboard.halfway',
      ]),
      { header: t('scoreboard.col.expected', { month }) },
      ...headers(c, ['scoreboard.col.scheduleRate', 'scoreboard.col.schedule', 'scoreboard.col.late']),
    ],
    rows: lines.flatMap(([name, r]) =>
      r.indicators.map((p): Cell[] => [
        name,
        t(`indicator.${p.key}`),
        t(`indicator.unit.${p.unit}`),
        p.target,
        p.unit === 'usdWan' && !board.usdRate ? null : p.achieved,
        percent(p.share),
        p.unit === 'usdWan' && !board.usdRate ? null : p.firstHalf,
        t(`scoreboard.halfway.${p.halfway}`),
        p.atMonth.expected,
        percent(p.atMonth.rate),
        t(`scoreboard.schedule.${p.atMonth.schedule}`),
        p.late,
      ]),
    ),
  };
  const monthly: Sheet = {
    name: t('scoreboard.col.month'),
    columns: headers(c, [
      'scoreboard.department',
      'scoreboard.col.indicator',
      'scoreboard.col.month',
      'scoreboard.col.monthAmount',
      'scoreboard.col.cumulative',
      'scoreboard.col.target',
      'scoreboard.col.scheduleRate',
      'scoreboard.col.schedule',
      'scoreboard.col.late',
    ]),
    rows: lines.flatMap(([name, r]) =>
      r.indicators.flatMap((p) =>
        p.months.map((m): Cell[] => [
          name,
          t(`indicator.${p.key}`),
          m.month,
          m.amount,
          m.cumulative,
          m.expected,
          percent(m.rate),
          t(`scoreboard.schedule.${m.schedule}`),
          m.late,
        ]),
      ),
    ),
  };
  const others: Sheet = {
    name: t('scoreboard.others'),
    columns: headers(c, [
      'scoreboard.department',
      'scoreboard.tasksCompleted',
      'scoreboard.tasksOnTimeCount',
      'scoreboard.needsOpened',
      'scoreboard.needsResponse.percent',
      'scoreboard.needsOnTime.percent',
      'scoreboard.needsResolution.percent',
      'scoreboard.satisfaction.percent',
      'scoreboard.needsReturned',
      'scoreboard.needsExplained',
      'scoreboard.partsOnTime.percent',
    ]),
    rows: lines.map(([name, r]): Cell[] => [
      name,
      r.totals.tasksCompleted,
      r.totals.tasksOnTime,
      r.needs?.counts.opened ?? null,
      percent(r.needs?.responseRate ?? null),
      percent(r.needs?.onTimeRate ?? null),
      percent(r.needs?.resolutionRate ?? null),
      percent(r.needs?.satisfactionRate ?? null),
      r.needs?.counts.returned ?? null,
      r.needs?.counts.explained ?? null,
      percent(r.needs?.partsOnTimeRate ?? null),
    ]),
  };
  return [indicators, monthly, others];
}
