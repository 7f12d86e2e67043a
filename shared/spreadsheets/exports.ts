import type { BoardRow } from '../board/board.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { MILESTONES, type Stage } from '../domain/stage.ts';
import type { MessageKey, Translate } from '../i18n/i18n.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { DepartmentScore, Scoreboard } from '../scoreboard/scoreboard.ts';
import type { Sheet } from './workbook.ts';

/** What the exports need of the reader: their language, and how to name a department. */
export interface SheetContext {
  t: Translate;
  departmentName: (d: { name: string; nameEn?: string }) => string;
}

const share = (s: number | null) => (s === null ? null : Math.round(s * 1000) / 10);

export function scoreboardSheet(c: SheetContext, board: Scoreboard): Sheet {
  const { t } = c;
  const row = (name: string, r: DepartmentScore) => [
    name,
    r.totals.broughtIn,
    r.totals.contracted,
    r.target?.contractedInvestment ?? null,
    share(r.contractedShare),
    r.totals.fundsArrived,
    r.target?.fundsInPlace ?? null,
    share(r.fundsShare),
    r.firstHalf.contracted,
    r.firstHalf.fundsArrived,
    t(`scoreboard.halfway.${r.halfway}`),
    r.totals.tasksCompleted,
    r.totals.tasksOnTime,
    r.needs?.counts.opened ?? null,
    share(r.needs?.responseRate ?? null),
    share(r.needs?.onTimeRate ?? null),
    share(r.needs?.resolutionRate ?? null),
    share(r.needs?.satisfactionRate ?? null),
    r.needs?.counts.returned ?? null,
    r.needs?.counts.explained ?? null,
    share(r.needs?.partsOnTimeRate ?? null),
  ];
  return {
    name: `${t('scoreboard.title')} ${board.year}`,
    columns: (
      [
        'scoreboard.department',
        'scoreboard.broughtIn',
        'scoreboard.contracted.wan',
        'scoreboard.targetContracted',
        'scoreboard.contracted.percent',
        'scoreboard.funds.wan',
        'scoreboard.targetFunds',
        'scoreboard.funds.percent',
        'scoreboard.firstHalfContracted',
        'scoreboard.firstHalfFunds',
        'scoreboard.halfway',
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
      ] satisfies MessageKey[]
    ).map((k) => ({ header: t(k) })),
    rows: [
      ...board.departments.map((r) => row(c.departmentName(r), r)),
      ...(board.scoped ? [] : [row(t('scoreboard.zone'), board.zone)]),
    ],
  };
}

export function boardSheet(c: SheetContext, rows: BoardRow[]): Sheet {
  const { t } = c;
  return {
    name: t('console.title'),
    columns: (
      [
        'board.light',
        'board.due',
        'board.overdueDays',
        'board.kind',
        'board.item',
        'board.enterprise',
        'board.industry',
        'board.stage',
        'board.owner',
      ] satisfies MessageKey[]
    ).map((k) => ({ header: t(k) })),
    rows: rows.map((r) => [
      t(`light.${r.light}`),
      r.dueDate,
      r.overdueWorkingDays,
      t(`board.kind.${r.itemType}`),
      r.title.key === 'need'
        ? (r.title.text ?? '')
        : t(r.title.key, {
            // A task's goal is the milestone's name (开工建设), never the status word (已开工).
            milestone: r.title.milestone ? t(`milestone.${r.title.milestone}`) : '',
            approval: r.title.approval ? t(`approval.${r.title.approval}`) : '',
            title: r.title.text ?? '',
          }),
      r.enterpriseName,
      r.industryChain,
      t(`stage.${r.stage}`),
      r.ownerName,
    ]),
  };
}

/** The pipeline: the counts by stage, and every enterprise listed with planned and actual milestone dates. */
export function pipelineSheets(
  c: SheetContext,
  pipeline: Pipeline,
  enterprises: Enterprise[],
  names: Map<string, string>,
): Sheet[] {
  const { t } = c;
  const stage = (s: Stage) => t(`stage.${s}`);
  return [
    {
      name: t('pipeline.byStage'),
      columns: [{ header: t('board.stage') }, { header: t('pipeline.count') }],
      rows: pipeline.counts.map((r) => [stage(r.stage), r.count]),
    },
    {
      name: t('pipeline.enterprises'),
      columns: [
        t('board.enterprise'),
        t('enterprise.investor'),
        t('board.industry'),
        t('board.stage'),
        t('pipeline.since'),
        t('enterprise.contractedInvestment'),
        t('enterprise.fundsInPlace'),
        t('board.owner'),
        // Planned and actual dates are the milestone's (开工建设 · 计划), not the stage's status word.
        ...MILESTONES.flatMap((m) => [
          `${t(`milestone.${m}`)} · ${t('pipeline.planned')}`,
          `${t(`milestone.${m}`)} · ${t('pipeline.actual')}`,
        ]),
      ].map((header) => ({ header })),
      rows: enterprises.map((e) => [
        e.name,
        e.investor,
        e.industryChain,
        stage(e.stage),
        e.stageSince,
        e.contractedInvestment,
        e.fundsInPlace,
        names.get(e.serviceOfficerId) ?? '',
        ...MILESTONES.flatMap((m) => [e.milestones[m].planned ?? null, e.milestones[m].actual ?? null]),
      ]),
    },
  ];
}
